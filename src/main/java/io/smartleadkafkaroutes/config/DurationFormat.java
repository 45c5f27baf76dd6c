package io.smartleadkafkaroutes.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.util.TimeUtils;

/**
 * How every duration setting is written: as Camel reads durations ({@code 30s}, {@code 15m}, {@code 1h30m},
 * {@code 250ms}) or in whole milliseconds ({@code 60000}). Camel's timers and its components' time options read
 * the same forms, so a setting they read through a placeholder means what it was checked to mean.
 */
final class DurationFormat {

    /** Up to 18 digits: never more than a long holds. */
    private static final Pattern WHOLE_MILLISECONDS = Pattern.compile("\\d{1,18}");
    private static final Pattern CAMEL_UNITS = Pattern.compile("(?=\\d)(\\d{1,9}d)?(\\d{1,9}h)?(\\d{1,9}m)?(\\d{1,9}s)?(\\d{1,9}ms)?");

    private static final List<Map.Entry<String, Duration>> CAMEL_UNIT_LENGTHS = List.of(Map.entry("d", Duration.ofDays(1)),
            Map.entry("h", Duration.ofHours(1)), Map.entry("m", Duration.ofMinutes(1)), Map.entry("s", Duration.ofSeconds(1)));

    private DurationFormat() {
    }

    /** The duration the text means, or empty when it is not written in this format. */
    static Optional<Duration> parse(String text) {
        // Camel itself reads what it does not understand as 0 ("abc", "2 s"): only its documented forms pass
        return WHOLE_MILLISECONDS.matcher(text).matches() || CAMEL_UNITS.matcher(text).matches()
                ? Optional.of(Duration.ofMillis(TimeUtils.toMilliSeconds(text))) : Optional.empty();
    }

    /** What a duration setting allows, for its refusal: "durations 0ms..1d written as 30s, 15m, 1h30m or whole milliseconds". */
    static String allowed(Duration min, Duration max) {
        return "durations " + camelText(min) + ".." + camelText(max) + " written as 30s, 15m, 1h30m or whole milliseconds";
    }

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
