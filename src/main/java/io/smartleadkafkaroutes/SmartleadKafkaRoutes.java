package io.smartleadkafkaroutes;

import io.smartleadkafkaroutes.config.SmartleadBeans;
import java.util.Properties;
import org.apache.camel.main.Main;

/**
 * Starts the bundle: Camel Main with the YAML routes in {@code routes/} and the settings in
 * {@code application.properties}, overridable by an extra properties file
 * ({@code SMARTLEAD_CONFIG_FILE}), environment variables and {@code -D} system properties.
 */
public final class SmartleadKafkaRoutes {

    /** Environment variable (or system property) naming an extra properties file that overrides the built-in one. */
    public static final String CONFIG_FILE = "SMARTLEAD_CONFIG_FILE";

    private SmartleadKafkaRoutes() {
    }

    /** A configured, not yet started application; {@code overrides} win over every other source. */
    public static Main create(Properties overrides) {
        Main main = new Main(SmartleadKafkaRoutes.class);
        main.configure().addConfiguration(SmartleadBeans.class);
        String locations = "classpath:application.properties";
        String configFile = System.getProperty(CONFIG_FILE, System.getenv(CONFIG_FILE));
        if (configFile != null && !configFile.isBlank()) {
            locations += ",file:" + configFile;
        }
        main.setPropertyPlaceholderLocations(locations);
        main.setOverrideProperties(overrides);
        return main;
    }

    public static void main(String[] args) throws Exception {
        Main main = create(new Properties());
        main.run(args);
        System.exit(main.getExitCode());
    }
}
