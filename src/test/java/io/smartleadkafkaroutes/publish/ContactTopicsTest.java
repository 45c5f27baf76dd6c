package io.smartleadkafkaroutes.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartleadkafkaroutes.model.InvalidSettingException;
import java.util.List;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The check of the contact route before anything starts: every topic it can name must be a declared one. */
class ContactTopicsTest {

    private static final ContactTopics TOPICS = new ContactTopics(List.of("contacts.verified", "contacts.other"));

    /** Loads {@code yaml} as the route file {@code route-contact.camel.yaml} and starts the check. */
    private static void check(String yaml) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties settings = new Properties();
            settings.put("smartlead.topics.verified", "contacts.verified");
            context.getPropertiesComponent().setInitialProperties(settings);
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("route-contact.camel.yaml", yaml));
            TOPICS.setCamelContext(context);
            TOPICS.start();
        }
    }

    private static String route(String endpoint, String steps) {
        return """
                - route:
                    id: route-contact
                    from:
                      uri: %s
                      steps:
                %s""".formatted(endpoint, steps.indent(8));
    }

    private static String topic(String language, String value) {
        return """
                - setHeader:
                    name: SmartleadTopic
                    %s: "%s"
                """.formatted(language, value);
    }

    @Test
    void should_accept_a_route_that_names_only_declared_topics_placeholders_included() throws Exception {
        check(route("direct:route-contact", """
                - choice:
                    when:
                      - simple: "${header.SmartleadRoleAccount}"
                        steps:
                """ + topic("constant", "contacts.other").indent(10) + """
                    otherwise:
                      steps:
                """ + topic("constant", "{{smartlead.topics.verified}}").indent(8)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an undeclared topic|direct:route-contact|constant|crm.contacts|route-contact.camel.yaml: route route-contact sets SmartleadTopic to 'crm.contacts', which no setting declares; allowed values are contacts.verified, contacts.other (smartlead.topics.<category>, or add it to smartlead.topics.custom)",
        "a topic computed per contact|direct:route-contact|simple|${header.SmartleadEmailDomain}|route-contact.camel.yaml: route route-contact sets SmartleadTopic with simple (${header.SmartleadEmailDomain}); it must be a constant, e.g. \"{{smartlead.topics.verified}}\", so that every topic is checked before a contact is published",
        "another endpoint|direct:choose-topic|constant|contacts.verified|No route route-contact from direct:route-contact in the route files: it chooses each contact's topic (see routes/route-contact.camel.yaml)"})
    void should_refuse_to_start_with_one_line_naming_what_is_wrong(String problem, String endpoint, String language,
            String value, String message) {
        assertThatThrownBy(() -> check(route(endpoint, topic(language, value))))
                .isInstanceOf(InvalidSettingException.class).hasMessage(message);
    }

    @Test
    void should_refuse_to_start_when_the_route_names_no_topic_at_all() {
        assertThatThrownBy(() -> check(route("direct:route-contact", "- log: \"no topic\"\n")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("route-contact.camel.yaml: route route-contact sets no SmartleadTopic header, so no contact"
                        + " would have a topic");
    }

    @Test
    void should_call_a_missing_or_undeclared_topic_undeclared() {
        assertThat(TOPICS.undeclared(null)).isTrue();
        assertThat(TOPICS.undeclared("crm.contacts")).isTrue();
        assertThat(TOPICS.undeclared("contacts.other")).isFalse();
    }
}
