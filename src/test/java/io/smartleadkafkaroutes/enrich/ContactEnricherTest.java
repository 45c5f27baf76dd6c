package io.smartleadkafkaroutes.enrich;

import java.util.Collections;
import io.smartleadkafkaroutes.support.Replies;
import io.smartleadkafkaroutes.model.EmailStatus;
import io.smartleadkafkaroutes.model.ContactRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartleadkafkaroutes.model.PageEntry;
import io.smartleadkafkaroutes.model.FetchRequest;
import io.smartleadkafkaroutes.model.DeadLetterException;
import io.smartleadkafkaroutes.model.DeadLetterReason;
import io.smartleadkafkaroutes.support.ShippedSettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The enricher with the shipped settings: odd emails, odd websites, names, flags, wrong types. */
class ContactEnricherTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final UnknownStatusTally unknownStatuses = new UnknownStatusTally();
    private final ContactEnricher enricher = ShippedSettings.enricher(mapper, unknownStatuses);
    /** The entry at {@code position} of a page of the same entries. */
    private static PageEntry entry(JsonNode contact, int position) {
        return new PageEntry(Replies.page(new FetchRequest(327105, 10000, 500, 1000),
                Collections.nCopies(position + 1, contact), 2345, null, Instant.parse("2026-11-26T10:15:30Z")), position);
    }

    @ParameterizedTest(name = "email ''{0}''")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "orhan@example.com              | orhan@example.com              | example.com | verified",
        "' Orhan@Example.COM '          | orhan@example.com              | example.com | verified",
        "First.Last+Promo@Example.com   | first.last+promo@example.com   | example.com | verified",
        "josé@bücher.de                 | josé@bücher.de                 | bücher.de   | verified",
        "JOSÉ@BÜCHER.DE                 | josé@bücher.de                 | bücher.de   | verified",
        "user@xn--bcher-kva.de          | user@xn--bcher-kva.de          | xn--bcher-kva.de | verified",
        "no-at-sign.example.com         | NULL                           | NULL        | no_email",
        "two@at@example.com             | NULL                           | NULL        | no_email",
        "@example.com                   | NULL                           | NULL        | no_email",
        "name@localhost                 | NULL                           | NULL        | no_email",
        "name@example..com              | NULL                           | NULL        | no_email",
        "'first last@example.com'       | NULL                           | NULL        | no_email",
        "''                             | NULL                           | NULL        | no_email",
        "'   '                          | NULL                           | NULL        | no_email"})
    void should_normalise_a_usable_email_and_call_an_unusable_one_no_email(String email, String normalised,
            String domain, String status) throws Exception {
        ObjectNode contact = contact();
        contact.put("email", email);

        JsonNode record = enrich(contact);

        assertThat(record.get("email").asText()).as("kept as sent").isEqualTo(email);
        assertThat(textOrNull(record, "emailNormalized")).isEqualTo(normalised);
        assertThat(textOrNull(record, "emailDomain")).isEqualTo(domain);
        assertThat(record.get("emailStatus").asText()).isEqualTo(status);
    }

    @ParameterizedTest(name = "website ''{0}''")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "example.com                              | example.com",
        "https://www.Example.com/about            | example.com",
        "http://example.com:8080/x?y=1#z          | example.com",
        "WWW.EXAMPLE.CO.UK                        | example.co.uk",
        "www.example.com?ref=smartlead            | example.com",
        "//cdn.example.com/lib.js                 | cdn.example.com",
        "ftp://user:secret@files.example.org:21/  | files.example.org",
        "https://bücher.de/shop                   | bücher.de",
        "example.com.                             | example.com",
        "https://www2.example.com                 | www2.example.com",
        "not a website                            | NULL",
        "localhost                                | NULL",
        "https://                                 | NULL",
        "http://exa_mple.com                      | NULL",
        "''                                       | NULL"})
    void should_derive_the_company_domain_from_the_website(String website, String domain) throws Exception {
        ObjectNode contact = contact();
        contact.putObject("company").put("name", "Example").put("website", website);

        JsonNode company = enrich(contact).get("company");

        assertThat(textOrNull(company, "domain")).isEqualTo(domain);
        assertThat(company.get("website").asText()).as("kept as sent").isEqualTo(website);
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "orhan@example.com      | example.com     | false | false | true",
        "orhan@eu.example.com   | www.example.com | false | false | true",
        "orhan@gmail.com        | example.com     | true  | false | false",
        "info@example.com       | example.com     | false | true  | true",
        "Sales+EU@example.com   | example.com     | false | true  | true",
        "orhan@example.com      | NULL            | false | false | NULL",
        "orhan@notexample.com   | example.com     | false | false | false",
        "NULL                   | example.com     | NULL  | NULL  | NULL"})
    void should_flag_free_mail_role_accounts_and_a_matching_company_domain(String email, String website,
            Boolean freeMail, Boolean roleAccount, Boolean matches) throws Exception {
        ObjectNode contact = contact();
        contact.put("email", email);
        contact.putObject("company").put("website", website);

        JsonNode record = enrich(contact);

        assertThat(booleanOrNull(record, "freeMailProvider")).isEqualTo(freeMail);
        assertThat(booleanOrNull(record, "roleAccount")).isEqualTo(roleAccount);
        assertThat(booleanOrNull(record, "emailMatchesCompanyDomain")).isEqualTo(matches);
    }

    @ParameterizedTest(name = "first {0}, last {1}, full {2}")
    @CsvSource(delimiter = '|', nullValues = {"NULL", "ABSENT"}, value = {
        "Zoë     | Müller  | ''            | Zoë Müller",
        "Zoë     | Müller  | NULL          | Zoë Müller",
        "' Kenji '| Sato   | '  '          | Kenji Sato",
        "NULL    | Okafor  | NULL          | Okafor",
        "Amara   | NULL    | NULL          | Amara",
        "Zoë     | Müller  | Dr. Zoë Müller| Dr. Zoë Müller",
        "NULL    | NULL    | NULL          | NULL"})
    void should_fill_an_empty_full_name_from_first_and_last_name(String first, String last, String full,
            String expected) throws Exception {
        ObjectNode contact = contact();
        contact.put("firstName", first);
        contact.put("lastName", last);
        contact.put("fullName", full);

        assertThat(textOrNull(enrich(contact), "fullName")).isEqualTo(expected);
    }

    @Test
    void should_keep_every_field_as_sent_and_add_category_detail_and_source() throws Exception {
        JsonNode entry = mapper.readTree("{\"id\":\"c1\",\"email\":\"A@B.io\",\"status\":\"completed\","
                + "\"phone\":\"+1 555\",\"linkedin\":null,\"custom\":{\"tier\":[1,2]},\"company\":{\"name\":\"X\",\"size\":12}}");

        ContactRecord record = enricher.enrich(entry(entry, 7), "poll-1", new HashMap<>());
        JsonNode value = mapper.readTree(record.value());

        assertThat(record.id()).isEqualTo("c1");
        assertThat(record.emailStatus()).isEqualTo(EmailStatus.VERIFIED);
        entry.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("company")) {
                assertThat(value.get(field.getKey())).as(field.getKey()).isEqualTo(field.getValue());
            }
        });
        assertThat(value.get("company").get("size").asInt()).isEqualTo(12);
        assertThat(value.get("emailStatusDetail")).isEqualTo(mapper.readTree("{\"field\":\"status\",\"value\":\"completed\"}"));
        assertThat(value.get("source")).isEqualTo(mapper.readTree("{\"filterId\":327105,\"pollId\":\"poll-1\","
                + "\"fetchedAt\":\"2026-11-26T10:15:30Z\",\"pageOffset\":1000,\"position\":7,\"totalCount\":2345}"));
    }

    @Test
    void should_keep_a_domain_the_api_sent_for_the_company() throws Exception {
        ObjectNode contact = contact();
        contact.putObject("company").put("website", "https://example.com").put("domain", "Example.COM");

        assertThat(enrich(contact).get("company").get("domain").asText()).isEqualTo("Example.COM");
    }

    @Test
    void should_count_the_raw_values_that_route_contacts_to_unknown() throws Exception {
        for (String verdict : List.of("risky", "risky", "greylisted")) {
            ObjectNode contact = contact();
            contact.put("verificationStatus", verdict);
            enrich(contact);
        }
        assertThat(unknownStatuses.counts()).containsEntry("verificationStatus=risky", 2L)
                .containsEntry("verificationStatus=greylisted", 1L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "\"just text\"| the entry is a string, not a JSON object",
        "[1,2]| the entry is an array, not a JSON object",
        "null| the entry is null, not a JSON object",
        "{\"email\":\"a@b.io\"}| 'id' must be a non-empty string, was missing",
        "{\"id\":17}| 'id' must be a non-empty string, was a number",
        "{\"id\":\"\"}| 'id' must be a non-empty string, was a string",
        "{\"id\":\"c\",\"email\":42}| 'email' must be a string or null, was a number",
        "{\"id\":\"c\",\"firstName\":[\"Ana\"]}| 'firstName' must be a string or null, was an array",
        "{\"id\":\"c\",\"company\":\"Example\"}| 'company' must be an object or null, was a string",
        "{\"id\":\"c\",\"company\":{\"website\":5}}| 'website' must be a string or null, was a number",
        "{\"id\":\"c\",\"verificationStatus\":{}}| 'verificationStatus' must be a string or null, was an object",
        "{\"id\":\"c\",\"status\":true}| 'status' must be a string or null, was a boolean"})
    void should_refuse_an_entry_that_cannot_be_a_contact_with_the_reason(String caseText) throws Exception {
        String[] parts = caseText.split("\\|", 2);
        DeadLetterException invalid = catchThrowableOfType(DeadLetterException.class,
                () -> enricher.enrich(entry(mapper.readTree(parts[0]), 0), "poll-1", new HashMap<>()));

        assertThat(invalid.reason()).isEqualTo(DeadLetterReason.INVALID_CONTACT);
        assertThat(invalid).hasMessage("Contact cannot be published: " + parts[1].strip());
    }

    private ObjectNode contact() {
        ObjectNode contact = mapper.createObjectNode();
        contact.put("id", "5f22b0c8cff47e0001616f81");
        contact.put("email", "orhan@example.com");
        contact.put("status", "completed");
        return contact;
    }

    private JsonNode enrich(ObjectNode contact) throws Exception {
        return mapper.readTree(enricher.enrich(entry(contact, 0), "poll-1", new HashMap<>()).value());
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Boolean booleanOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asBoolean();
    }
}
