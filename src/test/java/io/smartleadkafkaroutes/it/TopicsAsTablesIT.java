package io.smartleadkafkaroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.publish.KafkaRecords;
import io.smartleadkafkaroutes.simulator.ContactKind;
import io.smartleadkafkaroutes.simulator.GeneratedContact;
import io.smartleadkafkaroutes.simulator.SmartleadSimulator;
import io.smartleadkafkaroutes.support.Eventually;
import io.smartleadkafkaroutes.support.RunningApp;
import io.smartleadkafkaroutes.support.Tables;
import io.smartleadkafkaroutes.support.TestTopics;
import io.smartleadkafkaroutes.support.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The category topics are tables: a fresh {@code read_committed} consumer that folds every category topic from
 * the beginning (latest value per key, a tombstone deletes) reads exactly the contacts now in each category, as
 * the filters' saved searches change between polls: moves between every pair of categories, leavers, joiners, a
 * contact in two filters that leaves one, a selection cut off by the limit, glitches (an empty reply, a sharply
 * shrunken one) and a filter removed from the settings.
 */
class TopicsAsTablesIT {

    /** A filter whose contacts move, leave and join. */
    private static final long EVOLVING = 1901;
    /** A second filter that holds some of the evolving filter's contacts too. */
    private static final long SHARING = 1902;
    /** A filter larger than the limit: every poll of it may be cut off, so nobody leaves it. */
    private static final long CUT_OFF = 1903;
    /** A filter that loses most of its contacts at once, for real. */
    private static final long EMPTIED = 1904;
    private static final int LIMIT = 600;
    private static final int BULK_CONFIRM_POLLS = 4;
    private static final List<String> CATEGORIES = List.of("verified", "catch_all", "invalid", "no_email", "pending",
            "unknown");

    @RegisterExtension
    static final BundleUnderTest BUNDLE = new BundleUnderTest();

    @Test
    void should_fold_each_category_topic_into_exactly_the_contacts_now_in_that_category() throws Exception {
        TestTopics topics = BUNDLE.topics("tables");
        SmartleadSimulator simulator = BUNDLE.simulator().withFilter(EVOLVING, 300).withFilter(SHARING, 60)
                .withFilter(CUT_OFF, 700).withFilter(EMPTIED, 40);
        List<GeneratedContact> shared = simulator.population(EVOLVING).contacts().subList(0, 5);
        shared.forEach(simulator.population(SHARING)::adopt);
        List<GeneratedContact> removedFromCutOff = new ArrayList<>();

        try (RunningApp app = BUNDLE.start(settings(topics, "" + EVOLVING + "," + SHARING + ","
                + CUT_OFF + "," + EMPTIED))) {
            app.polls().await(2, Duration.ofSeconds(60));
            assertThat(fold(topics)).as("after the first polls").isEqualTo(truth(simulator, topics, List.of()));
            assertThat(tombstones(topics)).isEmpty();

            // 40 move (every ordered pair of categories, then 10 more), 25 leave (one of them also in the
            // sharing filter), 15 join; 50 leave the cut-off filter's first 600; 30 of 40 leave the emptied one
            List<GeneratedContact> evolving = simulator.population(EVOLVING).contacts();
            Map<String, ContactKind> moves = moves(evolving.subList(5, evolving.size()));
            List<String> leavers = new ArrayList<>(List.of(shared.get(0).id()));
            evolving.stream().skip(5).map(GeneratedContact::id).filter(id -> !moves.containsKey(id)).limit(24)
                    .forEach(leavers::add);
            simulator.beforeNextPoll(EVOLVING, population -> {
                moves.forEach(population::reclassify);
                population.remove(leavers);
                population.join(15);
            });
            simulator.population(CUT_OFF).contacts().stream().skip(100).limit(50).forEach(removedFromCutOff::add);
            simulator.beforeNextPoll(CUT_OFF, population -> population.remove(
                    removedFromCutOff.stream().map(GeneratedContact::id).toList()));
            List<String> emptied = simulator.population(EMPTIED).contacts().stream().skip(10)
                    .map(GeneratedContact::id).toList();
            simulator.beforeNextPoll(EMPTIED, population -> population.remove(emptied));
            int pollsBefore = app.polls().polls();

            Eventually.until(() -> fold(topics).equals(truth(simulator, topics, removedFromCutOff)),
                    Duration.ofSeconds(90), () -> "the folded topics never became the truth: " + Tables.difference(
                            fold(topics), truth(simulator, topics, removedFromCutOff)));
            int pollsToTruth = app.polls().polls() - pollsBefore;

            // the staged change may wait for the poll after the one running now; then the bulk departure
            // takes bulk-confirm-polls complete polls in a row; the timer may add two more while the topics
            // are read between polls
            assertThat(pollsToTruth).as("polls until the emptied filter's contacts left").isLessThanOrEqualTo(
                    BULK_CONFIRM_POLLS + 4);
            Map<String, List<ConsumerRecord<String, byte[]>>> tombstones = tombstonesByReason(topics);
            assertThat(tombstones.get(KafkaRecords.MOVED)).as("one per move, on the old topic").hasSize(40)
                    .allSatisfy(tombstone -> assertThat(TopicReader.header(tombstone, KafkaRecords.MOVED_TO_TOPIC))
                            .isNotEqualTo(tombstone.topic()));
            assertThat(tombstones.get(KafkaRecords.LEFT)).extracting(ConsumerRecord::key)
                    .as("the evolving filter's leavers but the one still in the sharing filter, and the emptied"
                            + " filter's; nobody of the cut-off filter")
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(leavers.stream().skip(1), emptied.stream())
                            .toList());
            assertThat(tombstones.values().stream().flatMap(List::stream))
                    .allSatisfy(tombstone -> {
                        assertThat(TopicReader.header(tombstone, "ce_type")).isEqualTo(KafkaRecords.REMOVED_TYPE);
                        assertThat(TopicReader.header(tombstone, "ce_subject")).isEqualTo(tombstone.key());
                    });

            int tombstonesBeforeGlitches = tombstones(topics).size();
            glitch(simulator, app, EVOLVING, reply -> {
                reply.with("data").putArray("list");
                reply.with("data").put("total_count", 0);
                return reply;
            });
            glitch(simulator, app, EVOLVING, reply -> {
                reply.with("data").put("total_count", 10);
                reply.with("data").putArray("list").addAll(
                        simulator.population(EVOLVING).contacts().stream().limit(10).map(GeneratedContact::json).toList());
                return reply;
            });
            assertThat(tombstones(topics)).as("tombstones after an empty and a shrunken reply")
                    .hasSize(tombstonesBeforeGlitches);
            assertThat(fold(topics)).isEqualTo(truth(simulator, topics, removedFromCutOff));
        }

        // the sharing filter is dropped from the settings: its contacts stay where they are
        Map<String, Set<String>> beforeDropping = fold(topics);
        try (RunningApp app = BUNDLE.start(settings(topics, "" + EVOLVING + "," + CUT_OFF + ","
                + EMPTIED))) {
            app.polls().await(BULK_CONFIRM_POLLS + 1, Duration.ofSeconds(90));
        }
        assertThat(fold(topics)).as("a filter dropped from the settings wipes nothing").isEqualTo(beforeDropping);
    }

    /** One bad reply to the first page of the filter's next poll, then two good polls. */
    private static void glitch(SmartleadSimulator simulator, RunningApp app, long filterId,
            java.util.function.UnaryOperator<com.fasterxml.jackson.databind.node.ObjectNode> edit) {
        simulator.glitchNextPoll(filterId, edit);
        Eventually.until(() -> !simulator.glitchPending(filterId), Duration.ofSeconds(30), () -> "the glitch was never served");
        int served = app.polls().polls();
        app.polls().await(served + 3, Duration.ofSeconds(60));
    }

    /** Contact id to its new kind: one move for every ordered pair of categories, then 10 more. */
    private static Map<String, ContactKind> moves(List<GeneratedContact> candidates) {
        Map<String, ContactKind> byCategory = new LinkedHashMap<>();
        for (ContactKind kind : ContactKind.values()) {
            byCategory.putIfAbsent(kind.category(), kind);
        }
        Map<String, ContactKind> moves = new LinkedHashMap<>();
        for (String from : CATEGORIES) {
            for (String to : CATEGORIES) {
                if (!from.equals(to)) {
                    GeneratedContact mover = candidates.stream()
                            .filter(contact -> contact.kind().category().equals(from) && !moves.containsKey(contact.id()))
                            .findFirst().orElseThrow(() -> new AssertionError("no " + from + " contact to move"));
                    moves.put(mover.id(), byCategory.get(to));
                }
            }
        }
        candidates.stream().filter(contact -> !moves.containsKey(contact.id())).limit(10)
                .forEach(contact -> moves.put(contact.id(), contact.kind() == ContactKind.INVALID
                        ? ContactKind.VALID_VERDICT : ContactKind.INVALID));
        return moves;
    }

    /**
     * Topic to contact ids, as the simulator's saved searches stand: each configured filter's selection in its
     * category's topic; the cut-off filter's contacts that left keep their place, as no poll of it reads the
     * whole selection.
     */
    private static Map<String, Set<String>> truth(SmartleadSimulator simulator, TestTopics topics,
            List<GeneratedContact> stillInCutOff) {
        Map<String, Set<String>> truth = new TreeMap<>();
        topics.categoryTopics().values().forEach(topic -> truth.put(topic, new TreeSet<>()));
        Map<String, GeneratedContact> everyone = new HashMap<>();
        for (long filterId : List.of(EVOLVING, SHARING, CUT_OFF, EMPTIED)) {
            simulator.selection(filterId, LIMIT).forEach(contact -> everyone.put(contact.id(), contact));
        }
        stillInCutOff.forEach(contact -> everyone.put(contact.id(), contact));
        everyone.values().forEach(contact -> truth.get(topics.topic(contact.kind().category())).add(contact.id()));
        return truth;
    }

    private static Map<String, Set<String>> fold(TestTopics topics) {
        return Tables.fold(BUNDLE.reader(), topics.categoryTopics().values());
    }

    private static List<ConsumerRecord<String, byte[]>> tombstones(TestTopics topics) throws Exception {
        return Tables.tombstones(BUNDLE.reader(), topics.categoryTopics().values());
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> tombstonesByReason(TestTopics topics) throws Exception {
        Map<String, List<ConsumerRecord<String, byte[]>>> byReason = new HashMap<>(Map.of(KafkaRecords.MOVED, List.of(),
                KafkaRecords.LEFT, List.of()));
        byReason.putAll(tombstones(topics).stream().collect(Collectors.groupingBy(
                tombstone -> TopicReader.header(tombstone, KafkaRecords.TOMBSTONE_REASON))));
        return byReason;
    }

    private static Properties settings(TestTopics topics, String filterIds) throws Exception {
        Properties settings = BUNDLE.settings(topics, filterIds, LIMIT, 200);
        settings.put("smartlead.poll.period", "200");
        settings.put("smartlead.api.max-requests-per-second", "1000");
        settings.put("smartlead.api.max-requests-per-minute", "60000");
        settings.put("smartlead.removals.bulk-confirm-polls", Integer.toString(BULK_CONFIRM_POLLS));
        return settings;
    }
}
