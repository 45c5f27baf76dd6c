package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.publish.KafkaRecords;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.Tables;
import io.smartleadkafkaroutes.support.TestTopics;
import io.smartleadkafkaroutes.support.TopicReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's route edit, with no Java and no rebuild: the whole application runs the shipped route files with
 * route-contact replaced by docs/examples/role-accounts/route-contact.camel.yaml (the worked example of
 * docs/routing.md), as the custom-routes component mounts them. The custom topic holds exactly the role accounts,
 * written in the pages' transactions; the category topics hold everyone else; a contact that becomes, or stops
 * being, a role account leaves a tombstone on the topic it left.
 */
class ContactRoutingIT {

    private static final long FILTER = 2101;
    private static final String ROLE_ACCOUNTS = "smartlead.contacts.role-accounts";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EDITED_ROUTE = Path.of("docs/examples/role-accounts/route-contact.camel.yaml");

    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    @TempDir
    Path customRoutes;

    @Test
    void should_send_role_accounts_to_the_topic_the_edited_route_names_and_move_them_with_tombstones() throws Exception {
        TestTopics topics = BUNDLE.topics("routing");
        Set<String> roleNames = shippedRoleAccountNames();
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 300);
        try (RunningApp app = BUNDLE.start(settings(topics))) {
            app.polls().await(1, Duration.ofSeconds(60));
            Map<String, Set<String>> first = fold(topics);
            assertThat(first).isEqualTo(truth(simulator, topics, roleNames));
            assertThat(first.get(ROLE_ACCOUNTS)).as("the generated role accounts").hasSizeGreaterThan(10);
            assertThat(Tables.tombstones(BUNDLE.reader(), tables(topics))).isEmpty();
            assertThat(commitMarkers(ROLE_ACCOUNTS, first.get(ROLE_ACCOUNTS).size()))
                    .as("the role accounts were written in the pages' transactions: a commit marker follows them")
                    .isPositive();

            // 5 role accounts get a personal address, 5 contacts with a personal address a role account's
            List<GeneratedContact> contacts = simulator.population(FILTER).contacts();
            List<String> leaving = contacts.stream().filter(contact -> isRoleAccount(contact, roleNames))
                    .limit(5).map(GeneratedContact::id).toList();
            List<GeneratedContact> joining = contacts.stream()
                    .filter(contact -> contact.hasEmail() && !isRoleAccount(contact, roleNames)).limit(5).toList();
            simulator.beforeNextPoll(FILTER, population -> {
                leaving.forEach(id -> population.changeEmail(id, "someone." + id + "@company.example"));
                joining.forEach(contact -> population.changeEmail(contact.id(), "info+" + contact.index()
                        + "@company.example"));
            });
            Eventually.until(() -> fold(topics).equals(truth(simulator, topics, roleNames)), Duration.ofSeconds(60),
                    () -> "the topics never became the truth:" + Tables.difference(fold(topics),
                            truth(simulator, topics, roleNames)));

            List<ConsumerRecord<String, byte[]>> tombstones = Tables.tombstones(BUNDLE.reader(), tables(topics));
            assertThat(tombstones).as("one per move, on the topic the contact left").hasSize(10)
                    .allSatisfy(tombstone -> assertThat(TopicReader.header(tombstone, KafkaRecords.TOMBSTONE_REASON))
                            .isEqualTo(KafkaRecords.MOVED));
            assertThat(tombstones).filteredOn(tombstone -> tombstone.topic().equals(ROLE_ACCOUNTS))
                    .extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(leaving);
            assertThat(tombstones).filteredOn(tombstone -> !tombstone.topic().equals(ROLE_ACCOUNTS))
                    .allSatisfy(tombstone -> assertThat(TopicReader.header(tombstone, KafkaRecords.MOVED_TO_TOPIC))
                            .isEqualTo(ROLE_ACCOUNTS))
                    .extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrderElementsOf(joining.stream().map(GeneratedContact::id).toList());
        }
    }

    @Test
    void should_refuse_to_start_with_one_line_when_the_route_names_a_topic_no_setting_declares() throws Exception {
        TestTopics topics = BUNDLE.topics("routing-undeclared");
        Properties settings = settings(topics, Files.readString(EDITED_ROUTE));
        settings.remove("smartlead.topics.custom");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 10);

        Throwable refused = catchThrowable(() -> BUNDLE.start(settings));

        assertThat(refused).isNotNull();
        assertThat(invalidSetting(refused)).as("the one line the application exits with")
                .startsWith("file:" + customRoutes.toAbsolutePath() + "/route-contact.camel.yaml: route route-contact sets"
                        + " SmartleadTopic to 'smartlead.contacts.role-accounts', which no setting declares; allowed"
                        + " values are " + String.join(", ", topics.categoryTopics().values()))
                .endsWith("(smartlead.topics.<category>, or add it to smartlead.topics.custom)");
        assertThat(simulator.requests()).as("nothing was asked of the API").isEmpty();
    }

    @Test
    void should_dead_letter_a_contact_the_routes_give_no_topic_and_publish_the_others() throws Exception {
        TestTopics topics = BUNDLE.topics("routing-unrouted");
        // a choice without otherwise: unknown-status contacts reach the end of the route with no topic
        String withoutOtherwise = Files.readString(Path.of("routes/route-contact.camel.yaml"));
        withoutOtherwise = withoutOtherwise.substring(0, withoutOtherwise.indexOf("            otherwise:"));
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, 100);
        List<String> unknown = simulator.population(FILTER).contacts().stream()
                .filter(contact -> contact.kind().category().equals("unknown")).map(GeneratedContact::id).toList();
        assertThat(unknown).as("generated unknown-status contacts").isNotEmpty();

        Properties settings = settings(topics, withoutOtherwise);
        // one poll: each poll would dead-letter them again
        settings.put("smartlead.poll.period", "1h");
        BUNDLE.runPolls(settings, 1);

        assertThat(BUNDLE.reader().read(topics.deadLetter())).extracting(record -> JSON.readTree(record.value()))
                .allSatisfy(deadLetter -> {
                    assertThat(deadLetter.get("reason").asText()).isEqualTo("unrouted");
                    assertThat(deadLetter.get("stage").asText()).isEqualTo("route");
                    assertThat(deadLetter.get("message").asText()).isEqualTo(
                            "The contact routes gave the contact no declared topic (SmartleadTopic: )");
                })
                .extracting(deadLetter -> deadLetter.get("contact").get("id").asText())
                .containsExactlyInAnyOrderElementsOf(unknown);
        Map<String, Set<String>> folded = Tables.fold(BUNDLE.reader(), topics.categoryTopics().values());
        assertThat(folded.values().stream().mapToInt(Set::size).sum()).as("everyone else published")
                .isEqualTo(100 - unknown.size());
    }

    /** The message of the setting error in the failure's causes, as the application's one line gives it. */
    private static String invalidSetting(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.smartleadkafkaroutes.model.InvalidSettingException setting) {
                return setting.getMessage();
            }
        }
        throw new AssertionError("no InvalidSettingException in", failure);
    }

    private Properties settings(TestTopics topics) throws Exception {
        return settings(topics, Files.readString(EDITED_ROUTE));
    }

    /**
     * The shipped route files, with route-contact replaced by {@code routeContact}, as the custom-routes component
     * holds them; the role-account topic declared.
     */
    private Properties settings(TestTopics topics, String routeContact) throws Exception {
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.filter(file -> file.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, customRoutes.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(customRoutes.resolve("route-contact.camel.yaml"), routeContact);
        Properties settings = BUNDLE.settings(topics, Long.toString(FILTER), 1000, 100);
        settings.put("camel.main.routes-include-pattern", "file:" + customRoutes.toAbsolutePath() + "/*.camel.yaml");
        settings.put("smartlead.topics.custom", ROLE_ACCOUNTS);
        settings.put("smartlead.poll.period", "500");
        return settings;
    }

    /** Topic to contact ids as the saved search stands: role accounts on their topic, everyone else on their category's. */
    private static Map<String, Set<String>> truth(SmartleadSimulator simulator, TestTopics topics, Set<String> roleNames) {
        Map<String, Set<String>> truth = new TreeMap<>();
        tables(topics).forEach(topic -> truth.put(topic, new TreeSet<>()));
        for (GeneratedContact contact : simulator.population(FILTER).contacts()) {
            truth.get(isRoleAccount(contact, roleNames) ? ROLE_ACCOUNTS : topics.topic(contact.kind().category()))
                    .add(contact.id());
        }
        return truth;
    }

    /** Whether the address's local part, less a +tag, is one of the shipped role-account names. */
    private static boolean isRoleAccount(GeneratedContact contact, Set<String> roleNames) {
        if (!contact.hasEmail() || !contact.json().path("email").isTextual()) {
            return false;
        }
        String address = contact.json().path("email").asText().strip().toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return false;
        }
        String localPart = address.substring(0, at);
        int plus = localPart.indexOf('+');
        return roleNames.contains(plus < 0 ? localPart : localPart.substring(0, plus));
    }

    private static Set<String> shippedRoleAccountNames() throws IOException {
        try (InputStream list = ContactRoutingIT.class.getResourceAsStream("/enrich/role-account-names.txt")) {
            Set<String> names = new TreeSet<>();
            new String(list.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(names::add);
            return names;
        }
    }

    private static List<String> tables(TestTopics topics) {
        List<String> tables = new ArrayList<>(topics.categoryTopics().values());
        tables.add(ROLE_ACCOUNTS);
        return tables;
    }

    private static Map<String, Set<String>> fold(TestTopics topics) {
        return Tables.fold(BUNDLE.reader(), tables(topics));
    }

    /** The offsets of the topic that hold no record a read_committed consumer reads: transaction markers. */
    private static long commitMarkers(String topic, int records) {
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BUNDLE.bootstrapServers());
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            return reader.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum() - records;
        }
    }
}
