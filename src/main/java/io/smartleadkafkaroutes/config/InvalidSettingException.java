package io.smartleadkafkaroutes.config;

/** A setting that cannot work; the message names the setting and the values it allows. */
public class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
