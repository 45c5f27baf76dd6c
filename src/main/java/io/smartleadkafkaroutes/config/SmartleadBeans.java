package io.smartleadkafkaroutes.config;

import io.smartleadkafkaroutes.model.InvalidSettingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smartleadkafkaroutes.api.ApiKeyQuery;
import io.smartleadkafkaroutes.api.ApiKeyScrubber;
import io.smartleadkafkaroutes.api.FetchRequestHandOff;
import io.smartleadkafkaroutes.api.IdRequests;
import io.smartleadkafkaroutes.api.ReplyReader;
import io.smartleadkafkaroutes.api.RequestLimits;
import io.smartleadkafkaroutes.deadletter.DeadLetterRecordFactory;
import io.smartleadkafkaroutes.enrich.ContactFingerprint;
import io.smartleadkafkaroutes.dedup.KafkaPublishedContacts;
import io.smartleadkafkaroutes.dedup.PublishedContacts;
import io.smartleadkafkaroutes.enrich.ContactEnricher;
import io.smartleadkafkaroutes.enrich.UnknownStatusTally;
import io.smartleadkafkaroutes.observe.ApiKeyAcceptance;
import io.smartleadkafkaroutes.observe.ApiRetries;
import io.smartleadkafkaroutes.observe.ApiKeyLogMask;
import io.smartleadkafkaroutes.observe.BundleMetrics;
import io.smartleadkafkaroutes.observe.BundleStateMeters;
import io.smartleadkafkaroutes.observe.KafkaClientMeters;
import io.smartleadkafkaroutes.observe.KafkaReachability;
import io.smartleadkafkaroutes.observe.PollProgress;
import io.smartleadkafkaroutes.observe.PublishedContactsFollowed;
import io.smartleadkafkaroutes.observe.PublishedContactsLoaded;
import io.smartleadkafkaroutes.observe.PublishedContactsMeters;
import io.smartleadkafkaroutes.observe.StartedEndpoint;
import io.smartleadkafkaroutes.paging.PagePlanner;
import io.smartleadkafkaroutes.publish.KafkaRecords;
import io.smartleadkafkaroutes.publish.PageContacts;
import io.smartleadkafkaroutes.publish.PagePublisher;
import io.smartleadkafkaroutes.publish.ContactTopics;
import io.smartleadkafkaroutes.publish.TopicSetup;
import io.smartleadkafkaroutes.retry.FilterBackoff;
import io.smartleadkafkaroutes.retry.PendingRechecks;
import io.smartleadkafkaroutes.retry.RetryPolicy;
import io.smartleadkafkaroutes.schemaregistry.RecordSchemas;
import io.smartleadkafkaroutes.schemaregistry.SchemaRegistration;
import io.smartleadkafkaroutes.schemaregistry.SchemaRegistrationException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Predicate;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans the routes call, one method each; Camel Main binds them (camel.main.configuration-classes, so
 * Camel JBang does too) before any route starts, after checking the settings.
 */
public class SmartleadBeans implements CamelConfiguration {

    /** The group of the routes that run on the leader only. */
    static final String LEADER_ONLY = "leader-only";

    private static final Logger LOG = LoggerFactory.getLogger(SmartleadBeans.class);

    /** The memory of published contacts: none, in memory, or in a compacted topic loaded before any poll. */
    private static PublishedContacts publishedContacts(CamelContext context, SmartleadSettings settings,
            ContactTopics topics, TopicSetup topicSetup) {
        SmartleadSettings.Dedup dedup = settings.dedup();
        if (!dedup.enabled() || dedup.store() == SmartleadSettings.DedupStore.MEMORY) {
            return new PublishedContacts(dedup.enabled(), settings.removals(), topics.all(),
                    settings.filterIds(), dedup.maxBytes());
        }
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        // the same connection and security settings as the routes' own Kafka clients
        KafkaPublishedContacts store = new KafkaPublishedContacts(dedup.topic(),
                () -> withBrokers(kafka, kafka.getConfiguration().createConsumerProperties()), dedup.loadTimeout(),
                () -> Duration.ofMillis(kafka.getConfiguration().getShutdownTimeout()), topicSetup::ensure,
                topicSetup::memoryTopicProblem,
                settings.removals(), topics.all(), settings.filterIds(), dedup.maxBytes());
        addService(context, store);
        return store;
    }

    /** The topics, checked (and the missing ones created) before the memory is read and anything is published. */
    private static TopicSetup topicSetup(CamelContext context, Shared shared) {
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        SmartleadSettings settings = shared.settings();
        List<String> plainTopics = new ArrayList<>();
        plainTopics.add(shared.property().apply("smartlead.topics.dead-letter").orElseThrow().strip());
        if (Boolean.parseBoolean(shared.property().apply("smartlead.fetch-requests.enabled").orElse("false").strip())) {
            plainTopics.add(shared.property().apply("smartlead.topics.fetch-requests").orElseThrow().strip());
        }
        boolean memoryInKafka = settings.dedup().enabled() && settings.dedup().store() == SmartleadSettings.DedupStore.KAFKA;
        TopicSetup setup = new TopicSetup(() -> withBrokers(kafka, kafka.getConfiguration().createConsumerProperties()),
                settings.topicCreation(), shared.topics().all(), plainTopics,
                memoryInKafka ? Optional.of(settings.dedup().topic()) : Optional.empty(), settings.kafkaHealthTimeout());
        addService(context, setup);
        return setup;
    }

    /**
     * Producers of page transactions: the routes' Kafka settings (connection, security, acks, idempotence)
     * and the transactional id the replicas share, so that a producer claiming it fences any other. Made
     * by camel-kafka's client factory, so their client metrics are shown like the routes' clients'.
     */
    @SuppressWarnings("unchecked")
    private static Supplier<Producer<String, byte[]>> transactionalProducers(KafkaComponent kafka,
            String transactionalId) {
        return () -> {
            Properties producer = withBrokers(kafka, kafka.getConfiguration().createProducerProperties());
            producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            return kafka.getKafkaClientFactory().getProducer(producer);
        };
    }

    /** Leader election: a route runs only on the holder of a Kubernetes Lease (Camel's clustered route policy). */
    private static RoutePolicy leadership(CamelContext context, SmartleadSettings.HighAvailability ha) {
        KubernetesClusterService kubernetes = kubernetesClusterService(ha);
        addService(context, kubernetes);
        try {
            return ClusteredRoutePolicy.forNamespace(kubernetes, ha.lockName());
        } catch (Exception failed) {
            throw new IllegalStateException("cannot set up leader election", failed);
        }
    }

    private static KubernetesClusterService kubernetesClusterService(SmartleadSettings.HighAvailability ha) {
        KubernetesConfiguration client = new KubernetesConfiguration();
        if (!ha.masterUrl().isEmpty()) {
            client.setMasterUrl(ha.masterUrl());
        }
        KubernetesClusterService kubernetes = new KubernetesClusterService(client);
        kubernetes.setKubernetesNamespace(ha.namespace());
        kubernetes.setPodName(ha.podName());
        kubernetes.setClusterLabels(ha.podLabels());
        kubernetes.setLeaseResourceType(LeaseResourceType.Lease);
        kubernetes.setKubernetesResourceName("smartlead-kafka-routes");
        kubernetes.setLeaseDurationMillis(ha.leaseDuration().toMillis());
        kubernetes.setRenewDeadlineMillis(ha.renewDeadline().toMillis());
        kubernetes.setRetryPeriodMillis(ha.retryPeriod().toMillis());
        return kubernetes;
    }

    /** The registry /observe/metrics shows, where Camel's metrics are: the bundle's own join them there. */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        return meters;
    }

    /** Readiness is DOWN while Kafka does not answer, the key is refused or the published-contacts memory is unread. */
    private static void readinessChecks(CamelContext context, SmartleadSettings settings, FilterBackoff backoff,
            PublishedContacts published) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health == null) {
            return;
        }
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        KafkaReachability kafkaCheck = new KafkaReachability(
                () -> withBrokers(kafka, kafka.getConfiguration().createProducerProperties()),
                settings.kafkaHealthTimeout());
        addService(context, kafkaCheck);
        health.register(kafkaCheck);
        health.register(new ApiKeyAcceptance(backoff));
        health.register(new PublishedContactsLoaded(published));
        if (published instanceof KafkaPublishedContacts memory) {
            health.register(new PublishedContactsFollowed(memory, Clock.systemUTC()));
        }
    }

    private static void addService(CamelContext context, Object service) {
        try {
            context.addService(service, true, true);
        } catch (Exception failed) {
            throw new IllegalStateException("cannot start " + service.getClass().getSimpleName(), failed);
        }
    }

    private static Properties withBrokers(KafkaComponent kafka, Properties settings) {
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.getConfiguration().getBrokers());
        return settings;
    }

    /** The record schemas, registered at start when smartlead.schema-registry.url names a registry; else none. */
    private static RecordSchemas recordSchemas(StartupSettings.SchemaRegistry registry) {
        if (!registry.enabled()) {
            return RecordSchemas.NONE;
        }
        RecordSchemas schemas;
        try {
            schemas = SchemaRegistration.register(registry.url(), registry.groupId());
        } catch (SchemaRegistrationException refused) {
            // records that name no schema must not be published: the start stops with this one line
            throw new InvalidSettingException(refused.getMessage());
        }
        LOG.info("Schema registry mode: records name their schemas at {} (contact) and {} (dead letter)",
                schemas.contact().orElseThrow().location(), schemas.deadLetter().orElseThrow().location());
        return schemas;
    }

    /** What several beans share: the checked settings, the key scrubber, JSON, the clock and the bundle's metrics. */
    private record Shared(Function<String, Optional<String>> property, StartupSettings startup, SmartleadSettings settings,
            ApiKeyScrubber scrubber, ContactTopics topics, ObjectMapper mapper, Clock clock, MeterRegistry meters,
            BundleMetrics metrics) {
    }

    private Shared shared;
    private final Map<String, Object> made = new ConcurrentHashMap<>();

    /** A bean other beans use too: made once, whoever asks first (Camel binds in no fixed order). */
    @SuppressWarnings("unchecked")
    private <T> T once(String name, Supplier<T> make) {
        return (T) made.computeIfAbsent(name, unused -> make.get());
    }

    /** The settings are checked once, by whichever bean is bound first: a wrong one stops the start. */
    private synchronized Shared shared(CamelContext context) {
        if (shared == null) {
            Function<String, Optional<String>> property = context.getPropertiesComponent()::resolveProperty;
            Set<String> propertyNames = new HashSet<>(
                    context.getPropertiesComponent().loadProperties().stringPropertyNames());
            propertyNames.addAll(System.getProperties().stringPropertyNames());
            StartupSettings startup = StartupSettings.check(property, propertyNames, System.getenv().keySet());
            SmartleadSettings settings = startup.smartlead();
            // one scrubber for log lines and dead letters: the key in any form, masked from here on
            ApiKeyScrubber scrubber = new ApiKeyScrubber(settings.apiKey());
            ApiKeyLogMask.hide(scrubber);
            ContactTopics topics = startup.topics();
            LOG.info("Starting with {}, {}", settings, topics);
            Clock clock = Clock.systemUTC();
            MeterRegistry meters = meterRegistry(context.getRegistry());
            shared = new Shared(property, startup, settings, scrubber, topics, new ObjectMapper(), clock, meters,
                    new BundleMetrics(meters, clock, settings.filterIds(), RetryPolicy.CAUSES,
                            settings.perFilterMetrics()));
        }
        return shared;
    }

    @BindToRegistry
    public SmartleadSettings smartleadSettings(CamelContext context) {
        return shared(context).settings();
    }

    @BindToRegistry
    public PagePlanner pagePlanner(CamelContext context) {
        SmartleadSettings settings = shared(context).settings();
        return new PagePlanner(settings.limit(), settings.pageSize(), settings.fetchConcurrency());
    }

    @BindToRegistry
    public ApiKeyQuery apiKeyQuery(CamelContext context) {
        return new ApiKeyQuery(shared(context).settings().apiKey());
    }

    @BindToRegistry
    public RequestLimits requestLimits(CamelContext context) {
        SmartleadSettings settings = shared(context).settings();
        return new RequestLimits(settings.requestDeadline(), settings.maxReplyBytes(),
                settings.deadLetterLimits().maxResponseChars(),
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "SmartleadRequestDeadline"));
    }

    @BindToRegistry
    public ReplyReader replyReader(CamelContext context) {
        return new ReplyReader(shared(context).mapper(), shared(context).clock());
    }

    @BindToRegistry
    public IdRequests idRequests(CamelContext context) {
        SmartleadSettings settings = shared(context).settings();
        return new IdRequests(shared(context).mapper(), settings.idBatchSize(), settings.fetchRequestMaxIds(),
                settings.filterIds());
    }

    @BindToRegistry
    public FetchRequestHandOff fetchRequestHandOff() {
        return new FetchRequestHandOff();
    }

    @BindToRegistry
    public PublishedContacts publishedContacts(CamelContext context) {
        // made first, so that it starts first: a wrong topic stops the start before the memory is read
        TopicSetup topicSetup = topicSetup(context);
        return once("publishedContacts", () -> publishedContacts(context, shared(context).settings(),
                shared(context).topics(), topicSetup));
    }

    @BindToRegistry
    public TopicSetup topicSetup(CamelContext context) {
        return once("topicSetup", () -> topicSetup(context, shared(context)));
    }

    @BindToRegistry
    public PendingRechecks pendingRechecks(CamelContext context) {
        SmartleadSettings.Recheck recheck = shared(context).settings().recheck();
        return once("pendingRechecks",
                () -> new PendingRechecks(recheck.enabled(), recheck.delay(), recheck.maxChecks(), shared(context).clock()));
    }

    @BindToRegistry
    public ContactEnricher contactEnricher(CamelContext context) {
        Shared shared = shared(context);
        return new ContactEnricher(shared.mapper(), shared.startup().statusRules(), new UnknownStatusTally(),
                shared.startup().freeMailDomains(), shared.startup().roleAccountNames(),
                new ContactFingerprint(shared.settings().dedup().fields()));
    }

    @BindToRegistry
    public PageContacts pageContacts() {
        return new PageContacts();
    }

    /** The contact topics; a service, so that a route file naming a topic no setting declares stops the start. */
    @BindToRegistry
    public ContactTopics contactTopics(CamelContext context) {
        ContactTopics topics = shared(context).topics();
        addService(context, topics);
        return topics;
    }

    /**
     * Whether route-contact gave the contact no declared topic: a Predicate for the ref language, because a method
     * predicate calls its bean on a copy of the exchange, for each contact.
     */
    @BindToRegistry
    public Predicate undeclaredTopic(CamelContext context) {
        ContactTopics topics = shared(context).topics();
        return contact -> topics.undeclared(contact.getMessage().getHeader(ContactTopics.TOPIC, String.class));
    }

    @BindToRegistry
    public KafkaRecords kafkaRecords(CamelContext context) {
        return once("kafkaRecords", () -> new KafkaRecords(recordSchemas(shared(context).startup().schemaRegistry())));
    }

    @BindToRegistry
    public PagePublisher pagePublisher(CamelContext context) {
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        // a little longer than the producers' own delivery timeout (read once the component is configured),
        // which normally answers first
        PagePublisher publisher = new PagePublisher(
                transactionalProducers(kafka, shared(context).startup().transactionalId()), kafkaRecords(context), publishedContacts(context),
                () -> Duration.ofMillis(kafka.getConfiguration().getDeliveryTimeoutMs()).plusSeconds(5));
        addService(context, publisher);
        return publisher;
    }

    @BindToRegistry
    public DeadLetterRecordFactory deadLetters(CamelContext context) {
        Shared shared = shared(context);
        return new DeadLetterRecordFactory(shared.mapper(), shared.clock(), shared.scrubber(),
                shared.settings().deadLetterLimits());
    }

    @BindToRegistry
    public PollProgress pollProgress(CamelContext context) {
        return new PollProgress(shared(context).metrics(), System::nanoTime, pagePlanner(context)::cursor);
    }

    @BindToRegistry
    public RetryPolicy retryPolicy(CamelContext context) {
        Shared shared = shared(context);
        SmartleadSettings.Retry retry = shared.settings().retry();
        return new RetryPolicy(retry.maxAttempts(), retry.maxRetryAfter(), shared.clock(), shared.metrics()::httpRequest);
    }

    /** How the routeConfiguration's redelivery waits between attempts at an API request, for its {@code redeliveryPolicyRef}. */
    @BindToRegistry("apiRetryPolicy")
    public RedeliveryPolicy apiRetryPolicy(CamelContext context) {
        return shared(context).settings().retry().redeliveryPolicy();
    }

    @BindToRegistry
    public ApiRetries apiRetries(CamelContext context) {
        return new ApiRetries(shared(context).metrics());
    }

    @BindToRegistry
    public FilterBackoff filterBackoff(CamelContext context) {
        Duration backoff = shared(context).settings().unauthorizedBackoff();
        return once("filterBackoff", () -> new FilterBackoff(backoff, backoff.multipliedBy(8), shared(context).clock()));
    }

    /** What is no bean of the routes: readiness checks, the Kafka clients' and the state metrics, the /started answer. */
    @Override
    public void configure(CamelContext context) {
        Shared shared = shared(context);
        // the routes' Kafka clients show their own metrics (kafka_producer_*, kafka_consumer_*) beside the bundle's
        context.getComponent("kafka", KafkaComponent.class)
                .setKafkaClientFactory(new KafkaClientMeters(new DefaultKafkaClientFactory(), shared.meters()));
        readinessChecks(context, shared.settings(), filterBackoff(context), publishedContacts(context));
        PublishedContactsMeters.register(shared.meters(), publishedContacts(context));
        BundleStateMeters.register(shared.meters(), context,
                DurationFormat.parse(shared.property().apply("smartlead.poll.period").orElseThrow()).orElseThrow(),
                filterBackoff(context));
        context.getManagementStrategy().addEventNotifier(new StartedEndpoint(context));
        // the topic check asks Kafka while Camel builds the routes; the start then waits only for what is left
        TopicSetup topics = topicSetup(context);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextInitializing(CamelContext initializing) {
                topics.begin();
            }
        });
        // the replicas share the transactional id: with leader election, every route that publishes runs on the
        // leader only; a route file says so with its group, which Camel's YAML DSL schema has in every version
        // (a route's routePolicy it has not); without, those routes simply run here
        if (shared.settings().ha().enabled()) {
            RoutePolicy leadership = leadership(context, shared.settings().ha());
            context.addRoutePolicyFactory((camelContext, routeId, route) -> route instanceof RouteDefinition definition
                    && LEADER_ONLY.equals(definition.getGroup()) ? leadership : null);
        }
    }
}
