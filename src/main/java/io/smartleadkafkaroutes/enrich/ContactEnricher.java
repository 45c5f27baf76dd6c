package io.smartleadkafkaroutes.enrich;

import io.smartleadkafkaroutes.model.ContactRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartleadkafkaroutes.model.FetchReply;
import io.smartleadkafkaroutes.model.PageEntry;
import io.smartleadkafkaroutes.model.DeadLetterException;
import io.smartleadkafkaroutes.model.DeadLetterReason;
import io.smartleadkafkaroutes.model.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;

/**
 * Turns one entry of {@code data.list} into a contact record: every field the API sent, kept as sent,
 * plus the fields consumers want (normalised email and its domain, company domain, full name when
 * missing, free-mail / role-account / same-domain flags, the email-status category and what decided it,
 * and where and when it was read). An entry that cannot be read as a contact is refused with the reason.
 * What routing decides on is set as headers too ({@link ContactHeaders}), so that a route reads no JSON.
 */
public final class ContactEnricher {

    private final ObjectMapper mapper;
    private final EmailStatusClassifier classifier;
    private final UnknownStatusTally unknownStatuses;
    private final Set<String> freeMailDomains;
    private final Set<String> roleAccountNames;
    private final List<String> textFields;
    private final ContactFingerprint fingerprint;

    public ContactEnricher(ObjectMapper mapper, StatusRules rules, UnknownStatusTally unknownStatuses,
            Set<String> freeMailDomains, Set<String> roleAccountNames, ContactFingerprint fingerprint) {
        this.mapper = mapper;
        this.fingerprint = fingerprint;
        this.classifier = new EmailStatusClassifier(rules);
        this.unknownStatuses = unknownStatuses;
        this.freeMailDomains = freeMailDomains;
        this.roleAccountNames = roleAccountNames;
        List<String> fields = new ArrayList<>(List.of("email", "firstName", "lastName", "fullName"));
        fields.addAll(rules.verdictFields());
        fields.add(rules.lookupField());
        this.textFields = List.copyOf(fields);
    }

    /** The entry's record; {@code routing}: the message's headers, given what routing decides on. */
    public ContactRecord enrich(@Body PageEntry entry, @ExchangeProperty("pollId") String pollId,
            @Headers Map<String, Object> routing) {
        ObjectNode contact = readable(entry.contact());
        FetchReply page = entry.page();
        String id = contact.get("id").asText();
        JsonNode company = contact.get("company");
        String companyDomain = company != null && company.isObject() ? Websites.domainOf(text(company, "website")) : null;
        Emails.Email email = Emails.normalise(text(contact, "email"));
        Classification classification = classifier.classify(contact, email != null);
        unknownStatuses.record(classification);

        contact.put("emailNormalized", email == null ? null : email.address());
        contact.put("emailDomain", email == null ? null : email.domain());
        contact.put("emailStatus", classification.status().code());
        if (classification.field() == null) {
            contact.putNull("emailStatusDetail");
        } else {
            contact.putObject("emailStatusDetail").put("field", classification.field())
                    .put("value", classification.rawValue());
        }
        Boolean freeMailProvider = email == null ? null : freeMailDomains.contains(email.domain());
        Boolean roleAccount = email == null ? null : roleAccountNames.contains(withoutPlusTag(email.localPart()));
        contact.put("freeMailProvider", freeMailProvider);
        contact.put("roleAccount", roleAccount);
        contact.put("emailMatchesCompanyDomain",
                email == null || companyDomain == null ? null : sameOrSubdomain(email.domain(), companyDomain));
        if (company != null && company.isObject() && !company.hasNonNull("domain")) {
            ((ObjectNode) company).put("domain", companyDomain);
        }
        fillFullName(contact);
        ObjectNode source = contact.putObject("source");
        source.put("filterId", page.request().filterId());
        source.put("pollId", pollId);
        source.put("fetchedAt", page.fetchedAt().toString());
        source.put("pageOffset", page.request().visualOffset());
        source.put("position", entry.position());
        source.put("totalCount", page.totalCount());
        routing.put(ContactHeaders.EMAIL_STATUS, classification.status().code());
        routing.put(ContactHeaders.FILTER_ID, page.request().filterId());
        if (email != null) {
            routing.put(ContactHeaders.EMAIL_DOMAIN, email.domain());
            routing.put(ContactHeaders.ROLE_ACCOUNT, roleAccount);
            routing.put(ContactHeaders.FREE_MAIL_PROVIDER, freeMailProvider);
        }
        if (companyDomain != null) {
            routing.put(ContactHeaders.COMPANY_DOMAIN, companyDomain);
        }
        try {
            return new ContactRecord(id, classification.status(), page.request().filterId(), pollId, page.fetchedAt(),
                    mapper.writeValueAsBytes(contact), fingerprint.of(contact));
        } catch (JsonProcessingException unserializable) {
            throw invalid("it cannot be written as JSON (" + unserializable.getOriginalMessage() + ")");
        }
    }

    /** The entry as a contact object, or the reason it is not one. */
    private ObjectNode readable(JsonNode entry) {
        if (entry == null || !entry.isObject()) {
            throw invalid("the entry is " + describe(entry) + ", not a JSON object");
        }
        JsonNode id = entry.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw invalid("'id' must be a non-empty string, was " + describe(id));
        }
        for (String field : textFields) {
            mustBe(entry, field, JsonNodeType.STRING);
        }
        mustBe(entry, "company", JsonNodeType.OBJECT);
        JsonNode company = entry.get("company");
        if (company != null && company.isObject()) {
            mustBe(company, "name", JsonNodeType.STRING);
            mustBe(company, "website", JsonNodeType.STRING);
        }
        return (ObjectNode) entry;
    }

    private static void mustBe(JsonNode parent, String field, JsonNodeType type) {
        JsonNode value = parent.get(field);
        if (value != null && !value.isNull() && value.getNodeType() != type) {
            throw invalid("'" + field + "' must be " + (type == JsonNodeType.STRING ? "a string" : "an object")
                    + " or null, was " + describe(value));
        }
    }

    private void fillFullName(ObjectNode contact) {
        String fullName = text(contact, "fullName");
        if (fullName != null && !fullName.isBlank()) {
            return;
        }
        String joined = String.join(" ", nonBlank(text(contact, "firstName")), nonBlank(text(contact, "lastName"))).strip();
        if (!joined.isEmpty()) {
            contact.put("fullName", joined);
        }
    }

    private static String nonBlank(String text) {
        return text == null ? "" : text.strip();
    }

    private static String withoutPlusTag(String localPart) {
        int plus = localPart.indexOf('+');
        return plus < 0 ? localPart : localPart.substring(0, plus);
    }

    private static boolean sameOrSubdomain(String emailDomain, String companyDomain) {
        return emailDomain.equals(companyDomain) || emailDomain.endsWith("." + companyDomain);
    }

    private static String text(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        if (value.isNull()) {
            return "null";
        }
        String type = value.getNodeType().name().toLowerCase(Locale.ROOT);
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    private static DeadLetterException invalid(String problem) {
        return new DeadLetterException(DeadLetterReason.INVALID_CONTACT, Stage.ENRICH,
                "Contact cannot be published: " + problem);
    }
}
