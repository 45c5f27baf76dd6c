package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.simulator.ContactKind;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.Deliveries;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.FreePort;
import io.smartleadkafkaroutes.support.ManagementApi;
import io.smartleadkafkaroutes.support.OpenTransactions;
import io.smartleadkafkaroutes.support.Tables;
import io.smartleadkafkaroutes.support.TestTopics;
import io.smartleadkafkaroutes.support.TopicReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly once across a crash: the packaged jar is SIGKILLed while a page's transaction is open (its
 * records written, not committed), and started again, as Kubernetes restarts a killed container. A
 * read_committed consumer then reads every contact exactly once; a read_uncommitted one also reads the
 * killed page's records, which the restart aborted.
 */
class KilledMidPageIT {

    private static final Path JAR = Path.of(System.getProperty("app.jar", "target/smartlead-kafka-routes.jar"));
    private static final long FILTER = 4711;
    private static final int CONTACTS = 3000;
    private static final int PAGE = 500;
    /** Slow enough that a page of 500 contacts (about 600 KB) stays open in its transaction for about a second. */
    private static final long PRODUCER_BYTES_PER_SECOND = 600_000;
    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    /** The first page (nothing committed before it) and the last (nothing after it); the moving test kills page 3. */
    @ParameterizedTest(name = "killed while page {0} of 6 is in its transaction")
    @ValueSource(ints = {1, 6})
    void should_deliver_every_contact_exactly_once_to_read_committed_consumers_after_a_kill_mid_page(int page)
            throws Exception {
        TestTopics topics = BUNDLE.topics("killed-in-page-" + page);
        Path work = Files.createDirectories(Path.of("target", "killed-mid-page-it", "page-" + page));
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, CONTACTS);
        int port = FreePort.pick();
        ManagementApi management = new ManagementApi("http://127.0.0.1:" + port);
        killInPage(javaJar(simulator, topics, work, "first", port), management, topics, page, work);
        runOnePoll(javaJar(simulator, topics, work, "second", port), management, work);

        List<String> ids = simulator.selection(FILTER, CONTACTS).stream().map(GeneratedContact::id).toList();
        Deliveries committed = Deliveries.read(BUNDLE.reader(), topics, ids);
        Deliveries uncommitted = Deliveries.read(TopicReader.readUncommitted(BUNDLE.bootstrapServers()), topics, ids);
        System.out.printf("Killed in page %d: read_committed %s; read_uncommitted %s%n", page, committed, uncommitted);
        assertThat(committed.duplicates()).as("duplicates, read_committed").isZero();
        assertThat(committed.losses()).as("losses, read_committed").isZero();
        assertThat(uncommitted.duplicates()).as("the killed page's aborted records, read_uncommitted").isPositive();
        assertThat(uncommitted.losses()).isZero();
    }

    /**
     * Every contact changed category since the first run, so each page of the second carries 500 moves: their
     * records on the new topics and tombstones on the old ones, in one transaction. Killed while page 3 is in
     * it, then restarted: the folded topics are the truth, each contact with one tombstone on its old topic.
     */
    @Test
    void should_fold_into_the_truth_after_a_kill_while_moves_are_in_their_transaction() throws Exception {
        TestTopics topics = BUNDLE.topics("killed-moving");
        Path work = Files.createDirectories(Path.of("target", "killed-mid-page-it", "moving"));
        int page = 3;
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(FILTER, CONTACTS);
        int port = FreePort.pick();
        ManagementApi management = new ManagementApi("http://127.0.0.1:" + port);
        runOnePoll(javaJar(simulator, topics, work, "before", port), management, work);
        Map<String, String> oldTopics = new HashMap<>();
        simulator.selection(FILTER, CONTACTS).forEach(contact -> {
            oldTopics.put(contact.id(), topics.topic(contact.kind().category()));
            simulator.population(FILTER).reclassify(contact.id(), contact.kind() == ContactKind.INVALID
                    ? ContactKind.VALID_VERDICT : ContactKind.INVALID);
        });

        killInPage(javaJar(simulator, topics, work, "first", port), management, topics, page, work);
        runOnePoll(javaJar(simulator, topics, work, "second", port), management, work);

        Map<String, Set<String>> truth = new TreeMap<>();
        topics.categoryTopics().values().forEach(topic -> truth.put(topic, new TreeSet<>()));
        simulator.selection(FILTER, CONTACTS)
                .forEach(contact -> truth.get(topics.topic(contact.kind().category())).add(contact.id()));
        Map<String, Set<String>> folded = Tables.fold(BUNDLE.reader(), topics.categoryTopics().values());
        assertThat(folded).as("folded read_committed: %s", Tables.difference(folded, truth)).isEqualTo(truth);
        List<ConsumerRecord<String, byte[]>> tombstones = Tables.tombstones(BUNDLE.reader(),
                topics.categoryTopics().values());
        assertThat(tombstones).as("one tombstone per contact, on its old topic").hasSize(CONTACTS)
                .allSatisfy(tombstone -> assertThat(tombstone.topic()).isEqualTo(oldTopics.get(tombstone.key())));
    }

    /**
     * Runs the jar with the producers slowed down until the pages before {@code page} are committed and this
     * page's transaction holds some of its records, well before its commit, then SIGKILLs it.
     */
    private static void killInPage(ProcessBuilder jar, ManagementApi management, TestTopics topics, int page, Path work)
            throws Exception {
        BUNDLE.limitProducers(PRODUCER_BYTES_PER_SECOND);
        Process process = jar.start();
        try (OpenTransactions transactions = new OpenTransactions(BUNDLE.broker())) {
            // the page's transaction holds records; the process is frozen (SIGSTOP) while the coordinator is asked
            // whether that transaction is still ongoing, as it was not when a commit was taken but not yet written
            Eventually.until(() -> process.isAlive() && published(management) == (page - 1) * PAGE
                            && transactions.holdRecordsOn(topics.categoryTopics().values())
                            && frozenInOngoingTransaction(process, transactions, transactionalId(topics)),
                    Duration.ofSeconds(90), () -> "no open transaction of page " + page + " with records; see " + work);
        } finally {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
            BUNDLE.limitProducers(null);
        }
    }

    /** Runs the jar until it completed a poll, then stops it with SIGTERM. */
    private static void runOnePoll(ProcessBuilder jar, ManagementApi management, Path work) throws Exception {
        Process process = jar.start();
        try {
            Eventually.until(() -> !process.isAlive() || completedPolls(management) == 1, Duration.ofSeconds(90),
                    () -> "the application completed no poll; see " + work);
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        }
    }

    /** Freezes the process and tells whether its transaction is ongoing; if it is not, the process goes on. */
    private static boolean frozenInOngoingTransaction(Process process, OpenTransactions transactions,
            String transactionalId) {
        signal(process, "STOP");
        boolean ongoing = transactions.ongoing(transactionalId);
        if (!ongoing) {
            signal(process, "CONT");
        }
        return ongoing;
    }

    private static void signal(Process process, String signal) {
        try {
            Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + process.pid()).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s", signal).isTrue();
        } catch (IOException | InterruptedException failed) {
            throw new IllegalStateException("cannot send SIG" + signal + " to " + process.pid(), failed);
        }
    }

    /** Each case's own, the same for its two runs: the second's start aborts the transaction the first left open. */
    private static String transactionalId(TestTopics topics) {
        return topics.prefix() + ".publisher";
    }

    private static double published(ManagementApi management) {
        return sum(management, "smartlead_contacts_published_total", "category=");
    }

    private static double completedPolls(ManagementApi management) {
        return sum(management, "smartlead_polls_total", "outcome=\"completed\"");
    }

    /** The sum of the metric's samples with the label; -1 while the management server does not answer them yet. */
    private static double sum(ManagementApi management, String metric, String label) {
        try {
            Map<String, Double> metrics = management.metrics();
            return metrics.entrySet().stream()
                    .filter(sample -> sample.getKey().startsWith(metric + "{") && sample.getKey().contains(label))
                    .mapToDouble(Map.Entry::getValue).sum();
        } catch (RuntimeException | AssertionError notUpYet) {
            return -1;
        }
    }

    private static ProcessBuilder javaJar(SmartleadSimulator simulator, TestTopics topics, Path work, String run,
            int managementPort) throws Exception {
        Properties fileSettings = topics.asSettings();
        fileSettings.put("smartlead.poll.limit", Integer.toString(CONTACTS));
        fileSettings.put("smartlead.poll.page-size", Integer.toString(PAGE));
        fileSettings.put("smartlead.api.account-max-limit", Integer.toString(CONTACTS));
        fileSettings.put("camel.management.port", Integer.toString(managementPort));
        fileSettings.put("smartlead.fetch-requests.enabled", "false");
        fileSettings.put("smartlead.kafka.transactional-id", transactionalId(topics));
        Path settings = work.resolve("application.properties").toAbsolutePath();
        try (var out = Files.newBufferedWriter(settings)) {
            fileSettings.store(out, "topics and pages of this test");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toAbsolutePath().toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(new File(work.toFile(), run + ".txt"));
        Map<String, String> env = builder.environment();
        env.put("SMARTLEAD_API_KEY", AppFixture.API_KEY);
        env.put("KAFKA_BOOTSTRAP_SERVERS", BUNDLE.bootstrapServers());
        env.put("SMARTLEAD_API_BASE_URL", simulator.baseUrl());
        env.put("SMARTLEAD_POLL_FILTER_IDS", Long.toString(FILTER));
        env.put("SMARTLEAD_POLL_INITIAL_DELAY", "0");
        env.put("SMARTLEAD_CONFIG_FILE", settings.toString());
        return builder;
    }
}
