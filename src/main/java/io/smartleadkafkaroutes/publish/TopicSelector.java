package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.config.InvalidSettingException;
import io.smartleadkafkaroutes.enrich.EmailStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The topic of each email-status category, from {@code smartlead.topics.*}. */
public final class TopicSelector {

    private final Map<EmailStatus, String> topics;

    public TopicSelector(Map<EmailStatus, String> topics) {
        this.topics = new EnumMap<>(topics);
    }

    public static TopicSelector load(Function<String, Optional<String>> property) {
        Map<EmailStatus, String> topics = new EnumMap<>(EmailStatus.class);
        for (EmailStatus status : EmailStatus.values()) {
            String topic = property.apply(status.topicSetting()).map(String::trim).orElse("");
            if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new InvalidSettingException("Invalid setting " + status.topicSetting() + "=" + topic
                        + ": allowed values are Kafka topic names of 1..249 characters from a-z A-Z 0-9 . _ -");
            }
            topics.put(status, topic);
        }
        return new TopicSelector(topics);
    }

    /** Every category's topic, each once. */
    public java.util.Collection<String> categoryTopics() {
        return new java.util.LinkedHashSet<>(topics.values());
    }

    public String topicFor(EmailStatus status) {
        return topics.get(status);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("topics[");
        topics.forEach((status, topic) -> text.append(status.code()).append('=').append(topic).append(", "));
        return text.substring(0, text.length() - 2) + "]";
    }
}
