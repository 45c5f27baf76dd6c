package io.smartleadkafkaroutes.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.util.TimeUtils;

/** The two ways settings write a duration; each setting keeps the one it always had. */
enum DurationFormat {

    /** Whole milliseconds: {@code 60000}. */
    MILLISECONDS("whole milliseconds %d..%d") {
        @Override
        Optional<Duration> parse(String text) {
            return WHOLE_MILLISECONDS.matcher(text).matches() ? Optional.of(Duration.ofMillis(Long.parseLong(text)))
                    : Optional.empty();
        }

        @Override
        String allowed(Duration min, Duration max) {
            return description.formatted(min.toMillis(), max.toMillis());
        }
    },

    /** Camel's, as its timer reads them: {@code 30s}, {@code 15m}, {@code 1h30m}, or whole milliseconds. */
    CAMEL("durations %s..%s written as 30s, 15m, 1h30m or whole milliseconds") {
        @Override
        Optional<Duration> parse(String text) {
            // Camel itself reads what it does not understand as 0 ("abc", "2 s"): only its documented forms pass
            return WHOLE_MILLISECONDS.matcher(text).matches() || CAMEL_UNITS.matcher(text).matches()
                    ? Optional.of(Duration.ofMillis(TimeUtils.toMilliSeconds(text))) : Optional.empty();
        }

        @Override
        String allowed(Duration min, Duration max) {
            return description.formatted(camelText(min), camelText(max));
        }
    };

    /** Up to 18 digits: never more than a long holds. */
    private static final Pattern WHOLE_MILLISECONDS = Pattern.compile("\\d{1,18}");
    private static final Pattern CAMEL_UNITS = Pattern.compile("(?=\\d)(\\d{1,9}d)?(\\d{1,9}h)?(\\d{1,9}m)?(\\d{1,9}s)?(\\d{1,9}ms)?");

    private static final List<Map.Entry<String, Duration>> CAMEL_UNIT_LENGTHS = List.of(Map.entry("d", Duration.ofDays(1)),
            Map.entry("h", Duration.ofHours(1)), Map.entry("m", Duration.ofMinutes(1)), Map.entry("s", Duration.ofSeconds(1)));

    final String description;

    DurationFormat(String description) {
        this.description = description;
    }

    /** The duration the text means, or empty when this format does not read it. */
    abstract Optional<Duration> parse(String text);

    /** What a setting of this format allows, for its refusal: "whole milliseconds 1..86400000". */
    abstract String allowed(Duration min, Duration max);

    /** 7d, 1h, 0ms: in the largest unit that divides it. */
    private static String camelText(Duration duration) {
        long millis = duration.toMillis();
        for (Map.Entry<String, Duration> unit : CAMEL_UNIT_LENGTHS) {
            long length = unit.getValue().toMillis();
            if (millis > 0 && millis % length == 0) {
                return millis / length + unit.getKey();
            }
        }
        return millis + "ms";
    }
}
