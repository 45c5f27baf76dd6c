package io.smartleadkafkaroutes.model;

import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;

/** A Kafka client that refuses its settings, as a wrong setting: its reasons, without the secrets among them. */
public final class KafkaClientRefusal {

    private KafkaClientRefusal() {
    }

    /** The Kafka client's own words, down its chain of causes, without the values of the settings it keeps secret. */
    public static InvalidSettingException of(KafkaException refused, Properties... clientSettings) {
        StringBuilder reasons = new StringBuilder();
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && reasons.indexOf(cause.getMessage()) < 0) {
                reasons.append(": ").append(cause.getMessage());
            }
        }
        String reason = reasons.toString();
        for (Properties settings : clientSettings) {
            for (String name : settings.stringPropertyNames()) {
                String value = String.valueOf(settings.get(name));
                if (isSecret(name) && !value.isBlank()) {
                    reason = reason.replace(value, "***");
                }
            }
        }
        return new InvalidSettingException("The Kafka client refuses the Kafka settings (camel.component.kafka.*, the"
                + " KAFKA_* environment variables)" + reason);
    }

    private static boolean isSecret(String name) {
        return Stream.of(ConsumerConfig.configDef(), ProducerConfig.configDef())
                .map(definitions -> definitions.configKeys().get(name))
                .anyMatch(definition -> definition != null && definition.type == ConfigDef.Type.PASSWORD);
    }
}
