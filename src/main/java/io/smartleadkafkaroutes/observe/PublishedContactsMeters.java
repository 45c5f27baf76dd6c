package io.smartleadkafkaroutes.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smartleadkafkaroutes.dedup.KafkaPublishedContacts;
import io.smartleadkafkaroutes.dedup.PublishedContacts;

/**
 * The memory of published contacts on /observe/metrics: how many, how much heap, whether loaded, whether full, what it
 * skipped.
 */
public final class PublishedContactsMeters {

    private PublishedContactsMeters() {
    }

    public static void register(MeterRegistry registry, PublishedContacts memory) {
        Gauge.builder("smartlead.memory.contacts", memory, PublishedContacts::size)
                .description("Contacts the memory of published contacts holds").register(registry);
        Gauge.builder("smartlead.memory.heap", memory, PublishedContacts::bytes).baseUnit("bytes")
                .description("Heap the memory's contacts take").register(registry);
        Gauge.builder("smartlead.memory.full", memory, contacts -> contacts.full() == null ? 0 : 1)
                .description("1 when the memory cannot take one contact more (no poll runs), else 0").register(registry);
        Gauge.builder("smartlead.memory.loaded", memory,
                        contacts -> !(contacts instanceof KafkaPublishedContacts kafka) || kafka.isLoaded() ? 1 : 0)
                .description("1 once the memory has read its topic (no poll runs before), else 0").register(registry);
        if (memory instanceof KafkaPublishedContacts kafka) {
            Gauge.builder("smartlead.memory.records.skipped", kafka, KafkaPublishedContacts::unreadable)
                    .description("Records of the memory topic skipped as unreadable: no key, a value of another"
                            + " format or size (each named in a WARN line with partition and offset)")
                    .register(registry);
        }
    }
}
