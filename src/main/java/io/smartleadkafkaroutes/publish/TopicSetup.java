package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.model.InvalidSettingException;
import io.smartleadkafkaroutes.model.KafkaClientRefusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundle's topics, checked before anything is read or published: each category topic is a table
 * (compacted, tombstones kept {@code smartlead.topics.delete-retention}), the memory topic must be compacted,
 * the dead-letter and request topics keep the broker's {@code delete} policy. Missing topics are created with
 * the configured partitions and replicas, unless {@code smartlead.topics.create=false}. A memory topic that is
 * not compacted, or missing when nothing may create it, is refused: exactly once would quietly degrade. A
 * category topic that is not compacted only warns: it still works, as a log rather than a table.
 */
public final class TopicSetup implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private final Supplier<Properties> adminSettings;
    private final TopicCreation creation;
    private final Set<String> categoryTopics;
    private final Set<String> plainTopics;
    private final Optional<String> memoryTopic;
    private final Duration timeout;
    private volatile Admin admin;
    private volatile CompletableFuture<Void> look;
    private volatile boolean checked;
    /** The topics missing when the start looked at them; null when Kafka did not answer then. */
    private volatile List<String> missingAtStart;
    private boolean warned;

    /**
     * {@code plainTopics}: the dead-letter and request topics; {@code memoryTopic}: the published-contacts
     * topic, when the memory is kept in Kafka; {@code timeout}: how long Kafka gets to answer each question.
     */
    public TopicSetup(Supplier<Properties> adminSettings, TopicCreation creation, Collection<String> categoryTopics,
            Collection<String> plainTopics, Optional<String> memoryTopic, Duration timeout) {
        this.adminSettings = adminSettings;
        this.creation = creation;
        this.categoryTopics = new LinkedHashSet<>(categoryTopics);
        this.plainTopics = new LinkedHashSet<>(plainTopics);
        this.memoryTopic = memoryTopic;
        this.timeout = timeout;
    }

    /**
     * Begins the start's look at the topics on a thread of its own, once the Kafka settings are final (when the
     * context initialises), so that Camel builds the routes meanwhile; {@link #start()} waits for its answer.
     */
    public synchronized void begin() {
        if (look == null) {
            look = CompletableFuture.runAsync(this::lookAtStart, task -> {
                Thread thread = new Thread(task, "smartlead-topic-check");
                thread.setDaemon(true);
                thread.start();
            });
        }
    }

    /** Waits for the look at the topics that {@link #begin()} began (or begins it): a wrong memory topic stops the start. */
    @Override
    public void start() {
        begin();
        try {
            look.join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    /**
     * Looks at the topics now if Kafka answers in time: a wrong memory topic stops the start. The missing ones
     * are created by {@link #ensure}, before the memory is read, in the background while Camel starts; also
     * when Kafka did not answer now.
     */
    private void lookAtStart() {
        Properties settings = adminSettings.get();
        try {
            admin = Admin.create(settings);
        } catch (KafkaException refused) {
            throw KafkaClientRefusal.of(refused, settings);
        }
        try {
            missingAtStart = inspect();
            if (memoryTopic.isEmpty()) {
                // no memory is read from Kafka, so nothing else creates them
                ensure();
            }
        } catch (InvalidSettingException wrong) {
            admin.close(Duration.ZERO);
            throw wrong;
        } catch (RuntimeException unanswered) {
            LOG.warn("Could not check the topics at start ({}); they are checked once Kafka answers, before any poll",
                    unanswered.getMessage());
        }
    }

    /**
     * Checks the topics once: refuses a memory topic that is not compacted ({@link InvalidSettingException}) and
     * creates the missing ones; a Kafka exception when Kafka did not answer. Once they were right, it does
     * nothing more.
     */
    public synchronized void ensure() {
        if (checked) {
            return;
        }
        // what the start found needs no second look
        List<String> missing = missingAtStart != null ? missingAtStart : inspect();
        if (!missing.isEmpty()) {
            create(missing);
        }
        checked = true;
    }

    /**
     * Refuses a memory topic that is not compacted, or missing where nothing may create it; warns, once, about
     * category topics that are not tables; answers the topics that are missing.
     */
    private synchronized List<String> inspect() {
        Set<String> all = new LinkedHashSet<>(categoryTopics);
        all.addAll(plainTopics);
        memoryTopic.ifPresent(all::add);
        Set<String> existing = answer(admin.listTopics().names());
        List<String> missing = all.stream().filter(topic -> !existing.contains(topic)).toList();
        memoryTopic.filter(missing::contains).filter(topic -> !creation.create()).ifPresent(topic -> {
            throw new InvalidSettingException("The published-contacts topic " + topic + " does not exist"
                    + " and smartlead.topics.create=false: create it compacted (docs/records.md, \"Topics\"), or set"
                    + " smartlead.topics.create=true");
        });
        Map<String, String> policies = cleanupPolicies(all.stream().filter(existing::contains).toList());
        memoryTopic.filter(policies::containsKey).ifPresent(topic -> {
            if (!compacted(policies.get(topic))) {
                throw new InvalidSettingException("The published-contacts topic " + topic + " (smartlead.topics.dedup)"
                        + " has cleanup.policy=" + policies.get(topic) + ": it must be compact, or exactly once is lost"
                        + " across restarts; fix it with kafka-configs.sh --alter --entity-type topics --entity-name "
                        + topic + " --add-config cleanup.policy=compact");
            }
        });
        List<String> notTables = categoryTopics.stream()
                .filter(topic -> policies.containsKey(topic) && !compacted(policies.get(topic))).toList();
        if (!notTables.isEmpty() && !warned) {
            warned = true;
            LOG.warn("The category topics {} have cleanup.policy {}, not compact: a consumer that starts after their"
                    + " retention does not find every contact, and tombstones delete nothing (docs/records.md, \"Topics\")",
                    notTables, notTables.stream().map(policies::get).distinct().toList());
        }
        return missing;
    }

    /**
     * What is wrong with the memory topic now, or null: not compacted, or deleted (then created again,
     * compacted, if the bundle may create topics: right from the next look on).
     */
    public synchronized String memoryTopicProblem() {
        String topic = memoryTopic.orElseThrow();
        if (!answer(admin.listTopics().names()).contains(topic)) {
            if (!creation.create()) {
                return "was deleted, and smartlead.topics.create=false: create it again, compacted";
            }
            create(List.of(topic));
            return "was deleted; created it again, compacted (what it held is gone: contacts published before are"
                    + " published once more after a restart)";
        }
        String policy = cleanupPolicies(List.of(topic)).get(topic);
        return policy == null || compacted(policy) ? null : "has cleanup.policy=" + policy + ", not compact: make it"
                + " compact (kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                + " --add-config cleanup.policy=compact)";
    }

    private void create(List<String> missing) {
        if (!creation.create()) {
            LOG.warn("The topics {} do not exist and smartlead.topics.create=false: create them (docs/records.md,"
                    + " \"Topics\"); the broker's auto-creation would make them with its defaults", missing);
            return;
        }
        List<NewTopic> newTopics = new ArrayList<>();
        for (String topic : missing) {
            NewTopic newTopic = new NewTopic(topic, creation.partitions(), creation.replicationFactor());
            if (categoryTopics.contains(topic)) {
                newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(creation.deleteRetention().toMillis())));
            } else if (memoryTopic.filter(topic::equals).isPresent()) {
                newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            newTopics.add(newTopic);
        }
        for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> created
                : admin.createTopics(newTopics).values().entrySet()) {
            try {
                created.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("Created the topic {}", created.getKey());
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof AuthorizationException notAllowed) {
                    LOG.warn("Not allowed to create the topic {} ({}): create it (docs/records.md, \"Topics\")",
                            created.getKey(), notAllowed.getMessage());
                } else if (!(failed.getCause() instanceof TopicExistsException)) {
                    throw new KafkaException("Cannot create the topic " + created.getKey() + ": " + failed.getCause(),
                            failed.getCause());
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted while creating " + created.getKey(), interrupted);
            } catch (java.util.concurrent.TimeoutException unanswered) {
                throw new KafkaException("Kafka did not create " + created.getKey() + " within " + timeout);
            }
        }
    }

    /** Each topic's cleanup.policy; none when the bundle's Kafka user may not see them (no DescribeConfigs): then unchecked. */
    private Map<String, String> cleanupPolicies(List<String> topics) {
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        Map<ConfigResource, Config> configs;
        try {
            configs = answer(admin.describeConfigs(resources).all());
        } catch (KafkaException failed) {
            if (failed.getCause() instanceof AuthorizationException notAllowed) {
                LOG.warn("Cannot check the cleanup.policy of the topics {} ({}): grant the bundle's Kafka user DescribeConfigs"
                        + " on them; the published-contacts topic must be compacted", topics, notAllowed.getMessage());
                return Map.of();
            }
            throw failed;
        }
        return configs.entrySet().stream().collect(Collectors.toMap(entry -> entry.getKey().name(),
                entry -> entry.getValue().get(TopicConfig.CLEANUP_POLICY_CONFIG) == null ? TopicConfig.CLEANUP_POLICY_DELETE
                        : entry.getValue().get(TopicConfig.CLEANUP_POLICY_CONFIG).value()));
    }

    /** {@code compact} alone: with {@code compact,delete} the latest record of a key is deleted too, after retention. */
    private static boolean compacted(String cleanupPolicy) {
        return Set.of(cleanupPolicy.replace(" ", "").split(",")).equals(Set.of(TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private <T> T answer(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw new KafkaException("Kafka could not say: " + failed.getCause(), failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while asking Kafka about the topics", interrupted);
        } catch (java.util.concurrent.TimeoutException unanswered) {
            throw new KafkaException("Kafka did not answer within " + timeout.toMillis() + " ms");
        }
    }

    @Override
    public void stop() {
        if (look != null) {
            // a start stopped early (another service refused to start) lets the look end first: no client left behind
            look.exceptionally(failed -> null).join();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
