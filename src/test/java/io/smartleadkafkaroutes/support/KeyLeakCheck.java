package io.smartleadkafkaroutes.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Proves the API key shows up nowhere a person or a consumer could read it. */
public final class KeyLeakCheck {

    /** Where log4j2-test.properties writes every log line of the test JVM. */
    public static final Path TEST_LOG = Path.of("target", "test-logs", "tests.log");

    private KeyLeakCheck() {
    }

    public static void assertNotInTestLog(String apiKey) throws Exception {
        assertThat(Files.exists(TEST_LOG)).as("test log " + TEST_LOG + " exists").isTrue();
        List<String> lines = Files.readAllLines(TEST_LOG);
        assertThat(lines).isNotEmpty();
        // a failure names the lines with the key masked, so the report does not leak it either
        List<String> leaks = lines.stream().filter(line -> line.contains(apiKey))
                .map(line -> line.replace(apiKey, "<THE-API-KEY>")).toList();
        assertThat(leaks).as("log lines holding the API key").isEmpty();
    }

    public static void assertNotInRecords(Map<String, List<ConsumerRecord<String, byte[]>>> records, String apiKey) {
        records.values().stream().flatMap(List::stream).forEach(record -> {
            String where = record.topic() + "/" + record.partition() + "@" + record.offset();
            assertThat(record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains(apiKey))
                    .as("value of " + where).isFalse();
            assertThat(record.key() != null && record.key().contains(apiKey)).as("key of " + where).isFalse();
            for (Header header : record.headers()) {
                assertThat(header.value() != null && new String(header.value(), StandardCharsets.UTF_8).contains(apiKey))
                        .as("header " + header.key() + " of " + where).isFalse();
            }
        });
    }
}
