package io.smartleadkafkaroutes;

import io.smartleadkafkaroutes.model.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the bundle: Camel Main with the YAML routes in {@code routes/} and the settings in
 * {@code application.properties}, overridable by an extra properties file
 * ({@code SMARTLEAD_CONFIG_FILE}), environment variables and {@code -D} system properties.
 */
public final class SmartleadKafkaRoutes {

    /** Environment variable (or system property) naming an extra properties file that overrides the built-in one. */
    public static final String CONFIG_FILE = "SMARTLEAD_CONFIG_FILE";

    /** Exit status when a setting is wrong. */
    public static final int EXIT_INVALID_SETTING = 2;

    private static final Logger LOG = LoggerFactory.getLogger(SmartleadKafkaRoutes.class);

    private SmartleadKafkaRoutes() {
    }

    /** A configured, not yet started application; {@code overrides} win over every other source. */
    public static Main create(Properties overrides) {
        Main main = new Main();
        // of two locations holding the same property, the first one listed wins
        String locations = "classpath:application.properties";
        String configFile = System.getProperty(CONFIG_FILE, System.getenv(CONFIG_FILE));
        if (configFile != null && !configFile.isBlank()) {
            if (!Files.isReadable(Path.of(configFile))) {
                throw InvalidSettingException.invalid(CONFIG_FILE, configFile, "paths of readable properties files");
            }
            locations = "file:" + configFile + "," + locations;
        }
        main.setPropertyPlaceholderLocations(locations);
        main.setOverrideProperties(overrides);
        return main;
    }

    public static void main(String[] args) throws Exception {
        Main main = null;
        try {
            main = create(new Properties());
            main.run(args);
        } catch (Exception failure) {
            InvalidSettingException setting = invalidSetting(failure);
            if (setting == null) {
                throw failure;
            }
            // a wrong setting is the operator's to fix: one line saying which, no stack trace
            LOG.error("Cannot start: {}", setting.getMessage());
            System.exit(EXIT_INVALID_SETTING);
        }
        // after a normal stop (SIGTERM, Ctrl-C) the JVM is already exiting: System.exit would block it
        if (main.getExitCode() != 0) {
            System.exit(main.getExitCode());
        }
    }

    private static InvalidSettingException invalidSetting(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException setting) {
                return setting;
            }
        }
        return null;
    }
}
