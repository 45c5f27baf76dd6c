package io.smartleadkafkaroutes.enrich;

import io.smartleadkafkaroutes.model.EmailStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.support.ShippedSettings;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped status rules against the values smartlead-api.md documents, spelled every way seen. */
class EmailStatusClassifierTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final EmailStatusClassifier classifier =
            new EmailStatusClassifier(StatusRules.load(ShippedSettings.lookup()));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"verificationStatus\":\"valid\"}                                            | VERIFIED  | verificationStatus | valid",
        "{\"verificationStatus\":\"Verified\"}                                         | VERIFIED  | verificationStatus | Verified",
        "{\"verificationStatus\":\"VALID\",\"status\":\"in_progress\"}                 | VERIFIED  | verificationStatus | VALID",
        "{\"verificationStatus\":\"valid\",\"catchAllStatus\":\"catch_all_unknown\"}   | VERIFIED  | verificationStatus | valid",
        "{\"verificationStatus\":\"catch_all\"}                                        | CATCH_ALL | verificationStatus | catch_all",
        "{\"verificationStatus\":\"Catch-All\"}                                        | CATCH_ALL | verificationStatus | Catch-All",
        "{\"verificationStatus\":\"catchall\"}                                         | CATCH_ALL | verificationStatus | catchall",
        "{\"verificationStatus\":\"catch all\"}                                        | CATCH_ALL | verificationStatus | catch all",
        "{\"catchAllStatus\":\"catch_all_verified\",\"status\":\"completed\"}          | CATCH_ALL | catchAllStatus     | catch_all_verified",
        "{\"catchAllStatus\":\"CATCH_ALL_HARD_BOUNCED\"}                               | CATCH_ALL | catchAllStatus     | CATCH_ALL_HARD_BOUNCED",
        "{\"verificationStatus\":\"invalid\"}                                          | INVALID   | verificationStatus | invalid",
        "{\"verificationStatus\":\"INVALID\",\"status\":\"completed\"}                 | INVALID   | verificationStatus | INVALID",
        "{\"status\":\"completed\"}                                                    | VERIFIED  | status             | completed",
        "{\"status\":\"Completed\",\"verificationStatus\":\"  \"}                      | VERIFIED  | status             | Completed",
        "{\"status\":\"in_progress\"}                                                  | PENDING   | status             | in_progress",
        "{\"status\":\"pending\"}                                                      | PENDING   | status             | pending",
        "{\"verificationStatus\":\"risky\",\"status\":\"completed\"}                   | UNKNOWN   | verificationStatus | risky",
        "{\"catchAllStatus\":\"not_catch_all\"}                                        | UNKNOWN   | catchAllStatus     | not_catch_all",
        "{\"verificationStatus\":7,\"status\":\"completed\"}                           | VERIFIED  | status             | completed",
        "{}                                                                            | UNKNOWN   |                    | "})
    void should_classify_a_contact_with_an_email_by_the_first_field_that_decides(String contact, EmailStatus expected,
            String field, String rawValue) throws Exception {
        Classification classification = classifier.classify(mapper.readTree(contact), true);

        assertThat(classification).isEqualTo(new Classification(expected, field, rawValue));
    }

    @Test
    void should_call_a_contact_without_a_usable_email_no_email_whatever_its_verdict() throws Exception {
        assertThat(classifier.classify(mapper.readTree("{\"verificationStatus\":\"valid\"}"), false))
                .isEqualTo(new Classification(EmailStatus.NO_EMAIL, null, null));
    }

    @Test
    void should_take_an_added_raw_value_and_an_added_verdict_field_from_settings_alone() throws Exception {
        Properties overrides = new Properties();
        overrides.put("smartlead.status.values.invalid", "invalid,spamtrap");
        overrides.put("smartlead.status.verdict-fields", "emailVerdict,verificationStatus");
        EmailStatusClassifier configured = new EmailStatusClassifier(StatusRules.load(ShippedSettings.with(overrides)));

        assertThat(configured.classify(mapper.readTree("{\"verificationStatus\":\"Spam-Trap\"}"), true).status())
                .isEqualTo(EmailStatus.INVALID);
        assertThat(configured.classify(mapper.readTree("{\"emailVerdict\":\"valid\",\"verificationStatus\":\"invalid\"}"), true).status())
                .isEqualTo(EmailStatus.VERIFIED);
    }
}
