package io.smartleadkafkaroutes.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One way to write a duration: Camel's, or whole milliseconds. */
class DurationFormatTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"0, 0", "60000, 60000", "250ms, 250", "30s, 30000", "15m, 900000", "1h, 3600000", "1h30m, 5400000",
            "7d, 604800000", "1d2h3m4s5ms, 93784005"})
    void should_read_camel_durations_and_whole_milliseconds(String text, long millis) {
        assertThat(DurationFormat.parse(text)).contains(Duration.ofMillis(millis));
    }

    /** Camel would read these as 0 or fail on them later; none is a duration here. */
    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "abc", "-1", "2 s", "1.5s", "PT30S", "30S", "s", "30m1h", "1x", "1234567890123456789"})
    void should_read_nothing_else(String text) {
        assertThat(DurationFormat.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0}..{1}")
    @CsvSource({"0, 86400000, 0ms..1d", "1, 60000, 1ms..1m", "1500, 5400000, 1500ms..90m"})
    void should_say_what_is_allowed_in_the_largest_whole_units(long min, long max, String range) {
        assertThat(DurationFormat.allowed(Duration.ofMillis(min), Duration.ofMillis(max)))
                .isEqualTo("durations " + range + " written as 30s, 15m, 1h30m or whole milliseconds");
    }
}
