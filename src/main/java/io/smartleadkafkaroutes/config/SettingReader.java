package io.smartleadkafkaroutes.config;

import io.smartleadkafkaroutes.model.InvalidSettingException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads settings by name and checks each against what it allows; a refusal names the setting and the allowed values. */
final class SettingReader {

    static final List<String> BOOLEANS = List.of("true", "false");
    static final Duration ONE_DAY = Duration.ofDays(1);

    private final Function<String, Optional<String>> property;

    /** {@code property} answers a property's value, if set. */
    SettingReader(Function<String, Optional<String>> property) {
        this.property = property;
    }

    /** The value, trimmed; empty when not set. */
    String optional(String name) {
        return property.apply(name).map(String::trim).orElse("");
    }

    String required(String name) {
        String value = optional(name);
        if (value.isEmpty()) {
            throw new InvalidSettingException(name + " is not set");
        }
        return value;
    }

    int wholeNumber(String name, int min, int max) {
        String raw = required(name);
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // refused below with the allowed range
        }
        throw InvalidSettingException.invalid(name, raw, "whole numbers " + min + ".." + max);
    }

    /** One of {@code allowed}, in any case, answered as {@code allowed} writes it. */
    String oneOf(String name, List<String> allowed) {
        String raw = required(name);
        return allowed.stream().filter(raw::equalsIgnoreCase).findFirst()
                .orElseThrow(() -> InvalidSettingException.invalid(name, raw, String.join(", ", allowed)));
    }

    boolean isTrue(String name) {
        return oneOf(name, BOOLEANS).equals("true");
    }

    /** A duration of {@link DurationFormat}, {@code min} to {@code max}. */
    Duration duration(String name, Duration min, Duration max) {
        String raw = required(name);
        return DurationFormat.parse(raw).filter(value -> value.compareTo(min) >= 0 && value.compareTo(max) <= 0)
                .orElseThrow(() -> InvalidSettingException.invalid(name, raw, DurationFormat.allowed(min, max)));
    }

    /** A duration of {@link DurationFormat}, 0 to one day. */
    Duration duration(String name) {
        return duration(name, Duration.ZERO, ONE_DAY);
    }
}
