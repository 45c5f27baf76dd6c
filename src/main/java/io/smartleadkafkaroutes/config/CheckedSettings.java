package io.smartleadkafkaroutes.config;

import java.util.Map;
import java.util.TreeSet;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The {@code checked:} placeholder function, until the routeConfiguration takes its redelivery policy from the
 * {@code apiRetryPolicy} bean ({@code redeliveryPolicyRef}); then this class goes.
 * {@code {{checked:smartlead.api.retry.initial-delay}}} and {@code ...max-delay} are whole milliseconds, which an
 * inline redeliveryPolicy takes, where the settings also allow 30s or 1m.
 */
final class CheckedSettings implements PropertiesFunction {

    private final Map<String, String> checked;

    CheckedSettings(SmartleadSettings settings) {
        checked = Map.of("smartlead.api.retry.initial-delay", Long.toString(settings.retry().initialDelay().toMillis()),
                "smartlead.api.retry.max-delay", Long.toString(settings.retry().maxDelay().toMillis()));
    }

    @Override
    public String getName() {
        return "checked";
    }

    @Override
    public String apply(String setting) {
        String value = checked.get(setting.strip());
        if (value == null) {
            throw new IllegalArgumentException("{{checked:" + setting + "}} in a route: no checked form of that"
                    + " setting; there is one of " + new TreeSet<>(checked.keySet()));
        }
        return value;
    }
}
