package io.smartleadkafkaroutes.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryValueTest {

    /** An earlier release's fingerprint: 32 hex digits, of which this release keeps the first 16. */
    private static final String FINGERPRINT = "9f86d081884c7d659a2feaa0c55ad015";
    private static final long BITS = 0x9f86d081884c7d65L;

    @Test
    void should_read_back_what_it_writes() {
        RememberedContact contact = RememberedContact.of(BITS, "smartlead.contacts.verified", List.of(327106L, 327105L));

        String text = MemoryValue.encode(contact);

        assertThat(text).isEqualTo("2 9f86d081884c7d65 smartlead.contacts.verified 327105,327106");
        assertThat(MemoryValue.decode(text)).isEqualTo(contact);
    }

    @Test
    void should_read_an_earlier_release_s_fingerprint_as_a_contact_of_unknown_topic_and_filters() {
        RememberedContact legacy = MemoryValue.decode(FINGERPRINT);

        assertThat(legacy.legacy()).isTrue();
        assertThat(legacy.fingerprint()).isEqualTo(BITS);
        assertThat(legacy.topic()).isNull();
        assertThat(legacy.knownFilters()).as("its filters: every configured one").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "2 " + FINGERPRINT + " topic", "3 " + FINGERPRINT + " topic 1",
        "2 nothex " + "topic 1", "2 " + FINGERPRINT + " bad/topic 1", "2 " + FINGERPRINT + " topic 1,,2",
        "2 " + FINGERPRINT + " topic 99999999999999999999", "2 " + FINGERPRINT + " topic -1"})
    void should_refuse_a_value_it_cannot_read_with_what_is_wrong(String text) {
        assertThatThrownBy(() -> MemoryValue.decode(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("null");
    }
}
