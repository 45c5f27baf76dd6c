package io.smartleadkafkaroutes.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The checks at start on settings as Camel Main resolves them, in this JVM: application.properties, overridden by
 * the given properties (-D, the extra file), overridden by the given environment (SMARTLEAD_POLL_PERIOD for
 * smartlead.poll.period; KAFKA_* through the {{env:...}} placeholders of application.properties), without this
 * JVM's own environment.
 */
final class ResolvedSettings {

    /** One resolver for every check: making a CamelContext takes longer than the checks. */
    private static final PropertiesComponent RESOLVER = resolver();
    private static Map<String, String> environment = Map.of();

    private ResolvedSettings() {
    }

    /** {@code askedFor} learns every setting the checks read. */
    static synchronized StartupSettings check(Properties properties, Map<String, String> environment,
            Set<String> askedFor) {
        ResolvedSettings.environment = Map.copyOf(environment);
        RESOLVER.setOverrideProperties(properties);
        return StartupSettings.check(name -> {
            askedFor.add(name);
            return Optional.ofNullable(environment.get(variable(name))).or(() -> RESOLVER.resolveProperty(name));
        }, RESOLVER.loadProperties().stringPropertyNames(), environment.keySet());
    }

    private static PropertiesComponent resolver() {
        PropertiesComponent resolver = (PropertiesComponent) new DefaultCamelContext().getPropertiesComponent();
        resolver.setLocation("classpath:application.properties");
        resolver.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
        resolver.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
        resolver.addPropertiesFunction(new EnvironmentFunction());
        return resolver;
    }

    private static String variable(String name) {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Camel's {{env:NAME:default}}, reading the given environment instead of this JVM's. */
    private static final class EnvironmentFunction implements PropertiesFunction {

        @Override
        public String getName() {
            return "env";
        }

        @Override
        public String apply(String remainder) {
            String[] nameAndDefault = remainder.split(":", 2);
            return environment.getOrDefault(nameAndDefault[0], nameAndDefault.length == 2 ? nameAndDefault[1] : null);
        }
    }
}
