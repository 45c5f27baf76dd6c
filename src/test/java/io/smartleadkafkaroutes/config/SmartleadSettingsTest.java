package io.smartleadkafkaroutes.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartleadkafkaroutes.support.ShippedSettings;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The checked settings are the values the application goes on with, in one form whatever way they were written. */
class SmartleadSettingsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "https://prospect-api.smartlead.ai, https://prospect-api.smartlead.ai",
            "https://prospect-api.smartlead.ai/, https://prospect-api.smartlead.ai",
            "http://127.0.0.1:8080//, http://127.0.0.1:8080",
            "http://127.0.0.1:8080/proxy/smartlead///, http://127.0.0.1:8080/proxy/smartlead"})
    void should_drop_the_trailing_slashes_of_the_base_url(String written, String used) {
        assertThat(load("smartlead.api.base-url", written).baseUrl()).isEqualTo(used);
    }

    static SmartleadSettings load(String setting, String value) {
        Properties settings = new Properties();
        settings.put("smartlead.api.key", "sk-test-settings");
        settings.put("smartlead.poll.filter-ids", "327105");
        settings.put(setting, value);
        return SmartleadSettings.load(ShippedSettings.with(settings));
    }
}
