package io.smartleadkafkaroutes.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A stable, deterministic population of contacts for one filter id: the same id gives the same contacts. */
public final class Population {

    private static final String[] FIRST = {"Orhan", "Ana", "Li", "Zoë", "José", "Priya", "Jürgen", "Amara", "Kenji", "Sofía"};
    private static final String[] LAST = {"Demiri", "Silva", "Wang", "Müller", "Okafor", "Sato", "Núñez", "Kowalski", "Haddad", "Berg"};
    private static final String[] TITLES = {"Director", "CEO", "Head of Sales", "Engineer", "VP Marketing", "Founder"};
    private static final String[] CATCH_ALL_STATUS = {"catch_all_verified", "catch_all_soft_bounced",
        "catch_all_hard_bounced", "catch_all_unknown"};
    private static final String[] UNRECOGNISED = {"risky", "accept_all_maybe", "spamtrap", "Greylisted"};
    private static final String[] VALID_SPELLINGS = {"valid", "valid", "Verified", "VALID"};
    private static final String[] CATCH_ALL_SPELLINGS = {"catch_all", "Catch-All", "catchall", "CATCH_ALL"};
    private static final String[] FREE_MAIL = {"gmail.com", "yahoo.com", "outlook.com"};
    private static final String[] ROLES = {"info", "sales", "support"};
    private static final String[] PENDING_STATUS = {"in_progress", "pending", "processing"};

    private final long filterId;
    /** Replaced whole on every change, so a reply being made reads one state of the population. */
    private volatile List<GeneratedContact> contacts;
    private int nextIndex;

    public Population(long filterId, int size) {
        this.filterId = filterId;
        List<GeneratedContact> generated = new ArrayList<>(size);
        for (int index = 0; index < size; index++) {
            generated.add(generate(index));
        }
        this.contacts = List.copyOf(generated);
        this.nextIndex = size;
    }

    /** These contacts left the saved search. */
    public synchronized void remove(java.util.Collection<String> ids) {
        java.util.Set<String> leaving = java.util.Set.copyOf(ids);
        contacts = contacts.stream().filter(contact -> !leaving.contains(contact.id())).toList();
    }

    /** New contacts joined the saved search, at its end; answers them. */
    public synchronized List<GeneratedContact> join(int count) {
        List<GeneratedContact> joined = new ArrayList<>();
        for (int added = 0; added < count; added++) {
            joined.add(generate(nextIndex++));
        }
        List<GeneratedContact> next = new ArrayList<>(contacts);
        next.addAll(joined);
        contacts = List.copyOf(next);
        return joined;
    }

    /** A contact of another saved search is in this one too, at its end. */
    public synchronized void adopt(GeneratedContact contact) {
        List<GeneratedContact> next = new ArrayList<>(contacts);
        next.add(contact);
        contacts = List.copyOf(next);
    }

    /** The contact's email verdict or lookup changed, so that the contract puts it in {@code kind}'s category. */
    public synchronized void reclassify(String id, ContactKind kind) {
        List<GeneratedContact> next = new ArrayList<>(contacts);
        for (int at = 0; at < next.size(); at++) {
            GeneratedContact contact = next.get(at);
            if (contact.id().equals(id)) {
                ObjectNode json = contact.json().deepCopy();
                json.remove(List.of("verificationStatus", "catchAllStatus"));
                json.put("status", "completed");
                if (!json.path("email").isTextual() || json.path("email").asText().isBlank()) {
                    json.put("email", "moved." + contact.index() + "@company.example");
                }
                switch (kind) {
                    case VALID_VERDICT -> json.put("verificationStatus", "valid");
                    case COMPLETED_NO_VERDICT -> { /* completed, no verdict */ }
                    case CATCH_ALL -> json.put("verificationStatus", "catch_all");
                    case INVALID -> json.put("verificationStatus", "invalid");
                    case NO_EMAIL -> json.putNull("email");
                    case PENDING -> json.put("status", "in_progress");
                    case UNRECOGNISED_VERDICT -> json.put("verificationStatus", "risky");
                }
                next.set(at, new GeneratedContact(contact.index(), contact.id(), kind, json));
            }
        }
        contacts = List.copyOf(next);
    }

    /** The contact's address changed to {@code email}; its verdict stays. */
    public synchronized void changeEmail(String id, String email) {
        contacts = contacts.stream().map(contact -> {
            if (!contact.id().equals(id)) {
                return contact;
            }
            ObjectNode json = contact.json().deepCopy();
            json.put("email", email);
            return new GeneratedContact(contact.index(), contact.id(), contact.kind(), json);
        }).toList();
    }

    public long filterId() {
        return filterId;
    }

    public int size() {
        return contacts.size();
    }

    public List<GeneratedContact> contacts() {
        return contacts;
    }

    /** The lookup of these contacts finished, as invalid or without a verdict (so verified). */
    public synchronized void finishLookup(java.util.Set<String> ids, ContactKind kind) {
        if (kind != ContactKind.INVALID && kind != ContactKind.COMPLETED_NO_VERDICT) {
            throw new IllegalArgumentException("a finished lookup is INVALID or COMPLETED_NO_VERDICT");
        }
        List<GeneratedContact> contacts = new ArrayList<>(this.contacts);
        for (int index = 0; index < contacts.size(); index++) {
            GeneratedContact contact = contacts.get(index);
            if (ids.contains(contact.id())) {
                ObjectNode json = contact.json().deepCopy();
                json.put("status", "completed");
                json.remove("catchAllStatus");
                json.remove("verificationStatus");
                if (kind == ContactKind.INVALID) {
                    json.put("verificationStatus", "invalid");
                }
                contacts.set(index, new GeneratedContact(index, contact.id(), kind, json));
            }
        }
        this.contacts = List.copyOf(contacts);
    }

    private GeneratedContact generate(int index) {
        SplittableRandom random = new SplittableRandom(filterId * 1_000_003L + index);
        ContactKind kind = pickKind(random);
        String id = String.format("%08x%016x", filterId & 0xffffffffL, (long) index * 0x9E3779B97F4A7C15L);
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        String companyName = "Company " + (index % 97);
        String domain = "company" + (index % 97) + ".example";

        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("firstName", first);
        json.put("lastName", last);
        // the API sometimes leaves the full name empty
        switch (random.nextInt(8)) {
            case 0 -> json.put("fullName", "");
            case 1 -> json.putNull("fullName");
            default -> json.put("fullName", first + " " + last);
        }
        json.put("title", TITLES[random.nextInt(TITLES.length)]);
        ObjectNode company = json.putObject("company");
        company.put("name", companyName);
        company.put("website", switch (random.nextInt(4)) {
            case 0 -> "https://www." + domain + "/about";
            case 1 -> "HTTP://" + domain.toUpperCase() + ":8080/?ref=smartlead";
            case 2 -> "www." + domain;
            default -> domain;
        });
        if (random.nextInt(4) == 0) {
            json.put("linkedin", "https://www.linkedin.com/in/" + first.toLowerCase() + "-" + index);
        }
        if (random.nextInt(10) == 0) {
            // a field this project has never heard of: consumers must still get it
            json.putObject("crmHints").put("segment", "mid-market").putArray("tags").add("q4").add("eu");
        }
        String email = switch (random.nextInt(10)) {
            case 0 -> " " + first + "." + last + "@" + domain.toUpperCase() + " ";
            case 1 -> first.toLowerCase() + "+smartlead@" + domain;
            case 2 -> first.toLowerCase() + index + "@" + FREE_MAIL[random.nextInt(FREE_MAIL.length)];
            case 3 -> ROLES[random.nextInt(ROLES.length)] + "@" + domain;
            default -> first.toLowerCase() + "." + index + "@" + domain;
        };
        json.put("status", "completed");
        switch (kind) {
            case VALID_VERDICT -> {
                json.put("email", email);
                json.put("verificationStatus", VALID_SPELLINGS[random.nextInt(VALID_SPELLINGS.length)]);
            }
            case COMPLETED_NO_VERDICT -> json.put("email", email);
            case CATCH_ALL -> {
                json.put("email", email);
                if (random.nextInt(4) > 0) {
                    json.put("verificationStatus", CATCH_ALL_SPELLINGS[random.nextInt(CATCH_ALL_SPELLINGS.length)]);
                }
                json.put("catchAllStatus", CATCH_ALL_STATUS[random.nextInt(CATCH_ALL_STATUS.length)]);
            }
            case INVALID -> {
                json.put("email", email);
                json.put("verificationStatus", "invalid");
            }
            case NO_EMAIL -> {
                switch (random.nextInt(3)) {
                    case 0 -> json.putNull("email");
                    case 1 -> json.put("email", "");
                    default -> { /* no email field at all */ }
                }
            }
            case PENDING -> {
                json.put("email", email);
                json.put("status", PENDING_STATUS[random.nextInt(PENDING_STATUS.length)]);
            }
            case UNRECOGNISED_VERDICT -> {
                json.put("email", email);
                json.put("verificationStatus", UNRECOGNISED[random.nextInt(UNRECOGNISED.length)]);
            }
        }
        return new GeneratedContact(index, id, kind, json);
    }

    private static ContactKind pickKind(SplittableRandom random) {
        int total = 0;
        for (ContactKind kind : ContactKind.values()) {
            total += kind.weight();
        }
        int roll = random.nextInt(total);
        for (ContactKind kind : ContactKind.values()) {
            roll -= kind.weight();
            if (roll < 0) {
                return kind;
            }
        }
        throw new IllegalStateException("weights do not add up");
    }
}
