package io.smartleadkafkaroutes.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The compact table against a plain map, through inserts, updates and removals, and its bound. */
class ContactTableTest {

    @Test
    void should_hold_exactly_what_a_map_holds_through_puts_and_removals() {
        ContactTable table = new ContactTable(64L << 20);
        Map<String, ContactTable.Entry> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int step = 0; step < 200_000; step++) {
            // a small id space, so that ids come back after removals and updates hit existing ones
            String id = random.nextInt(10) == 0 ? "other-" + random.nextInt(500) : smartleadId(random.nextInt(50_000));
            if (random.nextInt(3) == 0) {
                table.remove(id);
                expected.remove(id);
            } else {
                ContactTable.Entry entry = new ContactTable.Entry(random.nextLong(), random.nextInt(1 << 30));
                assertThat(table.put(id, entry.fingerprint(), entry.meta())).isTrue();
                expected.put(id, entry);
            }
        }

        assertThat(table.size()).isEqualTo(expected.size());
        expected.forEach((id, entry) -> assertThat(table.get(id)).as(id).isEqualTo(entry));
        Map<String, ContactTable.Entry> scanned = new HashMap<>();
        table.forEach((id, fingerprint, meta) -> scanned.put(id.id(), new ContactTable.Entry(fingerprint, meta)));
        assertThat(scanned).isEqualTo(expected);
        assertThat(table.get(smartleadId(60_000))).isNull();
    }

    @Test
    void should_tell_ids_apart_that_share_a_prefix_or_differ_in_case() {
        ContactTable table = new ContactTable(1 << 20);
        table.put("5f22b0c8cff47e0001616f81", 1, 1);
        table.put("5f22b0c8cff47e0001616f82", 2, 2);
        table.put("5F22B0C8CFF47E0001616F81", 3, 3);

        assertThat(table.get("5f22b0c8cff47e0001616f81").fingerprint()).isEqualTo(1);
        assertThat(table.get("5f22b0c8cff47e0001616f82").fingerprint()).isEqualTo(2);
        assertThat(table.get("5F22B0C8CFF47E0001616F81").fingerprint()).isEqualTo(3);
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void should_refuse_a_new_contact_once_more_would_not_fit_and_keep_taking_updates() {
        ContactTable table = new ContactTable(24 * 10_000);
        int kept = 0;
        while (table.put(smartleadId(kept), kept, 1)) {
            kept++;
        }

        assertThat(kept).isEqualTo(table.size()).isLessThanOrEqualTo((int) table.fitsAtMost()).isGreaterThan(3_000);
        assertThat(table.bytes()).isLessThanOrEqualTo(24 * 10_000);
        assertThat(table.put(smartleadId(0), 42, 2)).as("an update of one it holds").isTrue();
        assertThat(table.get(smartleadId(0)).fingerprint()).isEqualTo(42);
    }

    @Test
    void should_take_24_bytes_a_slot_and_at_most_30_bytes_a_contact_once_presized() {
        ContactTable table = new ContactTable(1L << 30);
        table.presize(1_000_000);
        for (int index = 0; index < 1_000_000; index++) {
            table.put(smartleadId(index), index, 1);
        }
        table.trim();

        assertThat(table.bytes() / 1_000_000.0).as("bytes per contact").isLessThanOrEqualTo(30.0);
    }

    private static String smartleadId(int index) {
        return HexFormat.of().toHexDigits(0x5f22b0c8cff47e00L + index) + HexFormat.of().toHexDigits(index);
    }
}
