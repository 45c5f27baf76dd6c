package io.smartleadkafkaroutes.model;

import java.util.regex.Pattern;

/** A setting that cannot work; the message names the setting and the values it allows. */
public class InvalidSettingException extends IllegalArgumentException {

    /** Settings whose values are secrets: the API key, passwords, the Kafka JAAS login line. */
    private static final Pattern SECRET = Pattern.compile("(?i).*(api[._-]key|password|secret|jaas|token).*");

    public InvalidSettingException(String message) {
        super(message);
    }

    /** "Invalid setting NAME=VALUE: allowed values are ALLOWED", a secret's value masked. */
    public static InvalidSettingException invalid(String name, String value, String allowed) {
        String shown = SECRET.matcher(name).matches() ? "***" : value;
        return new InvalidSettingException("Invalid setting " + name + "=" + shown + ": allowed values are " + allowed);
    }
}
