package io.smartleadkafkaroutes.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailStatusClassifierTest {

    private final EmailStatusClassifier classifier = new EmailStatusClassifier();
    private final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"email\":\"a@b.io\",\"verificationStatus\":\"valid\"}                        | VERIFIED",
        "{\"email\":\"a@b.io\",\"verificationStatus\":\"Verified\"}                     | VERIFIED",
        "{\"email\":\"a@b.io\",\"status\":\"completed\"}                                | VERIFIED",
        "{\"email\":\"a@b.io\",\"status\":\"Completed\",\"verificationStatus\":\"\"}    | VERIFIED",
        "{\"email\":\"a@b.io\",\"verificationStatus\":\"catch_all\"}                    | CATCH_ALL",
        "{\"email\":\"a@b.io\",\"verificationStatus\":\"Catch-All\"}                    | CATCH_ALL",
        "{\"email\":\"a@b.io\",\"verificationStatus\":\"catchall\"}                     | CATCH_ALL",
        "{\"email\":\"a@b.io\",\"verificationStatus\":\"INVALID\"}                      | INVALID",
        "{\"email\":null,\"verificationStatus\":\"valid\"}                              | NO_EMAIL",
        "{\"email\":\"\",\"status\":\"completed\"}                                      | NO_EMAIL",
        "{\"email\":\"   \",\"status\":\"completed\"}                                   | NO_EMAIL",
        "{\"status\":\"completed\"}                                                     | NO_EMAIL",
        "{\"email\":42,\"status\":\"completed\"}                                        | NO_EMAIL",
        "{\"email\":\"a@b.io\",\"verificationStatus\":\"risky\"}                        | UNKNOWN",
        "{\"email\":\"a@b.io\",\"status\":\"in_progress\"}                              | UNKNOWN",
        "{\"email\":\"a@b.io\"}                                                         | UNKNOWN",
        "{\"email\":\"a@b.io\",\"verificationStatus\":7,\"status\":\"completed\"}       | VERIFIED"})
    void should_put_each_contact_in_its_category(String contact, EmailStatus expected) throws Exception {
        assertThat(classifier.classify(mapper.readTree(contact))).isEqualTo(expected);
    }
}
