package io.smartleadkafkaroutes.publish;

import io.smartleadkafkaroutes.model.InvalidSettingException;
import io.smartleadkafkaroutes.model.EmailStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Service;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SetHeaderDefinition;
import org.apache.camel.model.language.ExpressionDefinition;

/**
 * The topics a contact may be published to: each email-status category's ({@code smartlead.topics.<category>}) and
 * those route files may choose besides ({@code smartlead.topics.custom}). The contact route
 * (routes/route-contact.camel.yaml) names a contact's topic in the {@value #TOPIC} header; before anything starts, every
 * topic it can name is checked to be one of these, as only these are created as tables and remembered per contact.
 */
public final class ContactTopics implements Service, CamelContextAware {

    /** The header in which the contact route names the contact's topic. */
    public static final String TOPIC = "SmartleadTopic";
    /** The route that chooses each contact's topic, and its endpoint. */
    public static final String ROUTE_ID = "route-contact";
    static final String ROUTE_ENDPOINT = "direct:" + ROUTE_ID;
    public static final String CUSTOM = "smartlead.topics.custom";
    private static final String TOPIC_NAME = "[a-zA-Z0-9._-]{1,249}";
    private static final String TOPIC_NAMES = "Kafka topic names of 1..249 characters from a-z A-Z 0-9 . _ -";

    private final Set<String> topics;
    private CamelContext context;

    public ContactTopics(Collection<String> topics) {
        this.topics = new LinkedHashSet<>(topics);
    }

    public static ContactTopics load(Function<String, Optional<String>> property) {
        List<String> topics = new ArrayList<>();
        for (EmailStatus status : EmailStatus.values()) {
            String topic = property.apply(status.topicSetting()).map(String::strip).orElse("");
            if (!topic.matches(TOPIC_NAME)) {
                throw InvalidSettingException.invalid(status.topicSetting(), topic, TOPIC_NAMES);
            }
            topics.add(topic);
        }
        for (String custom : property.apply(CUSTOM).orElse("").split(",")) {
            String topic = custom.strip();
            if (!topic.isEmpty() && !topic.matches(TOPIC_NAME)) {
                throw InvalidSettingException.invalid(CUSTOM, topic, "comma-separated " + TOPIC_NAMES);
            }
            if (!topic.isEmpty()) {
                topics.add(topic);
            }
        }
        return new ContactTopics(topics);
    }

    /** Every contact topic, each once. */
    public Collection<String> all() {
        return List.copyOf(topics);
    }

    /** Whether the contact route named no topic, or one no setting declares. */
    public boolean undeclared(String topic) {
        return topic == null || !topics.contains(topic);
    }

    /**
     * Refuses to start when the contact route is missing or can name a topic no setting declares: only a
     * {@code setHeader} of {@value #TOPIC} with a constant (placeholders allowed) can be checked before a contact
     * comes, so any other way of naming it is refused too.
     */
    @Override
    public void start() {
        RouteDefinition route = context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition(ROUTE_ID);
        if (route == null || !ROUTE_ENDPOINT.equals(route.getInput().getEndpointUri())) {
            throw new InvalidSettingException("No route " + ROUTE_ID + " from " + ROUTE_ENDPOINT + " in the route files:"
                    + " it chooses each contact's topic (see routes/route-contact.camel.yaml)");
        }
        String file = route.getResource() == null ? ROUTE_ID : route.getResource().getLocation();
        Collection<SetHeaderDefinition> topicChoices = ProcessorDefinitionHelper
                .filterTypeInOutputs(route.getOutputs(), SetHeaderDefinition.class).stream()
                .filter(setHeader -> TOPIC.equals(setHeader.getName())).toList();
        if (topicChoices.isEmpty()) {
            throw new InvalidSettingException(file + ": route " + ROUTE_ID + " sets no " + TOPIC
                    + " header, so no contact would have a topic");
        }
        for (SetHeaderDefinition choice : topicChoices) {
            String topic = constantTopic(choice, file);
            if (!topics.contains(topic)) {
                throw new InvalidSettingException(file + ": route " + ROUTE_ID + " sets " + TOPIC + " to '" + topic
                        + "', which no setting declares; allowed values are " + String.join(", ", topics)
                        + " (smartlead.topics.<category>, or add it to " + CUSTOM + ")");
            }
        }
    }

    private String constantTopic(ExpressionNode setHeader, String file) {
        ExpressionDefinition expression = setHeader.getExpression();
        if (!"constant".equals(expression.getLanguage())) {
            throw new InvalidSettingException(file + ": route " + ROUTE_ID + " sets " + TOPIC + " with " + expression.getLanguage()
                    + " (" + expression.getExpression() + "); it must be a constant, e.g. \"{{smartlead.topics.verified}}\","
                    + " so that every topic is checked before a contact is published");
        }
        return context.resolvePropertyPlaceholders(expression.getExpression()).strip();
    }

    @Override
    public void stop() {
        // nothing held
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
