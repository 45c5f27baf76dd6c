package io.smartleadkafkaroutes.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartleadkafkaroutes.api.ApiKeyQuery;
import io.smartleadkafkaroutes.api.ReplyReader;
import io.smartleadkafkaroutes.deadletter.DeadLetterRecordFactory;
import io.smartleadkafkaroutes.enrich.ContactRecordFactory;
import io.smartleadkafkaroutes.enrich.EmailStatusClassifier;
import io.smartleadkafkaroutes.paging.PagePlanner;
import io.smartleadkafkaroutes.publish.KafkaRecords;
import io.smartleadkafkaroutes.publish.TopicSelector;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks the settings and binds the beans the routes call, before any route starts. */
public class SmartleadBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SmartleadBeans.class);

    @Override
    public void configure(CamelContext context) {
        Function<String, Optional<String>> property = context.getPropertiesComponent()::resolveProperty;
        SmartleadSettings settings = SmartleadSettings.load(property);
        TopicSelector topics = TopicSelector.load(property);
        LOG.info("Starting with {}, {}", settings, topics);
        ObjectMapper mapper = new ObjectMapper();
        Clock clock = Clock.systemUTC();

        Registry registry = context.getRegistry();
        registry.bind("smartleadSettings", settings);
        registry.bind("pagePlanner", new PagePlanner(settings.limit(), settings.pageSize()));
        registry.bind("apiKeyQuery", new ApiKeyQuery(settings.apiKey()));
        registry.bind("replyReader", new ReplyReader(mapper, clock));
        registry.bind("contactRecords", new ContactRecordFactory(mapper, new EmailStatusClassifier()));
        registry.bind("deadLetters",
                new DeadLetterRecordFactory(mapper, clock, settings.apiKey(), settings.deadLetterMaxResponseChars()));
        registry.bind("kafkaRecords", new KafkaRecords(topics));
    }
}
