package io.smartleadkafkaroutes.enrich;

/**
 * What a contact route can decide on without reading the record: the headers enrichment sets on each contact's
 * message (routes/route-contact.camel.yaml chooses the topic from them; docs/routing.md lists them).
 */
public final class ContactHeaders {

    /** The email-status category's code: verified, catch_all, invalid, no_email, pending or unknown. */
    public static final String EMAIL_STATUS = "SmartleadEmailStatus";
    /** Whether the address is a role account (info@, sales@...); absent without an email. */
    public static final String ROLE_ACCOUNT = "SmartleadRoleAccount";
    /** Whether the address is at a free-mail provider; absent without an email. */
    public static final String FREE_MAIL_PROVIDER = "SmartleadFreeMailProvider";
    /** The normalised email's domain; absent without an email. */
    public static final String EMAIL_DOMAIN = "SmartleadEmailDomain";
    /** The company website's domain; absent when the contact has none. */
    public static final String COMPANY_DOMAIN = "SmartleadCompanyDomain";
    /** The saved filter the contact was read from. */
    public static final String FILTER_ID = "SmartleadFilterId";

    private ContactHeaders() {
    }
}
