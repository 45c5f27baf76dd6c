package io.smartleadkafkaroutes.observe;

import io.smartleadkafkaroutes.api.ApiKeyScrubber;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;
import org.apache.logging.log4j.core.pattern.PatternFormatter;

/**
 * {@code %maskApiKey{pattern}} in a Log4j layout: the text of the nested pattern with the API key, in any
 * form, replaced by {@code ***} ({@link ApiKeyScrubber}, as in dead letters). Log4j makes the converter
 * when it reads its configuration, before the key is known, so the application hands its scrubber over
 * at start ({@link #hide}).
 */
@Plugin(name = "ApiKeyLogMask", category = PatternConverter.CATEGORY)
@ConverterKeys({"maskApiKey"})
public final class ApiKeyLogMask extends LogEventPatternConverter {

    /** The keys this JVM was given: one in production, several when tests start applications in one JVM. */
    private static final Set<ApiKeyScrubber> SCRUBBERS = new CopyOnWriteArraySet<>();

    private final List<PatternFormatter> formatters;

    private ApiKeyLogMask(List<PatternFormatter> formatters) {
        super("maskApiKey", "maskApiKey");
        this.formatters = formatters;
    }

    /** Called by Log4j with the nested pattern as the one option. */
    public static ApiKeyLogMask newInstance(Configuration config, String[] options) {
        if (options.length != 1) {
            throw new IllegalArgumentException("%maskApiKey takes one pattern, e.g. %maskApiKey{%msg%n%throwable}");
        }
        return new ApiKeyLogMask(PatternLayout.createPatternParser(config).parse(options[0]));
    }

    /** From now on, no log line shows this scrubber's key. */
    public static void hide(ApiKeyScrubber scrubber) {
        SCRUBBERS.add(scrubber);
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        StringBuilder line = new StringBuilder();
        formatters.forEach(formatter -> formatter.format(event, line));
        String masked = line.toString();
        for (ApiKeyScrubber scrubber : SCRUBBERS) {
            masked = scrubber.scrub(masked);
        }
        toAppendTo.append(masked);
    }

    @Override
    public boolean handlesThrowable() {
        return formatters.stream().anyMatch(PatternFormatter::handlesThrowable);
    }
}
