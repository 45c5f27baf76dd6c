package io.smartleadkafkaroutes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shipped Grafana dashboard, and the metrics its queries read. */
public final class GrafanaDashboard {

    public static final Path FILE = Path.of("k8s/grafana/smartlead-kafka-routes-dashboard.json");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** A name not called as a function, not part of a number, duration or variable. */
    private static final Pattern NAME = Pattern.compile("(?<![\\w$.:])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan",
            "by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");

    private GrafanaDashboard() {
    }

    public static JsonNode read() {
        try {
            return new ObjectMapper().readTree(FILE.toFile());
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** Every panel, those inside rows included. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** The PromQL of every panel's queries. */
    public static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
        }
        return queries;
    }

    /** Every metric the dashboard reads: in its panels' queries and its variables' {@code label_values}. */
    public static Set<String> metricNames() {
        JsonNode dashboard = read();
        Set<String> names = new TreeSet<>();
        queries(dashboard).forEach(query -> names.addAll(metricNames(query)));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher labelValues = LABEL_VALUES.matcher(variable.path("query").asText());
            if (labelValues.matches()) {
                names.addAll(metricNames(labelValues.group(1)));
            }
        }
        return names;
    }

    /** The metric names of a PromQL expression: the names left once strings, matchers, ranges and label lists are gone. */
    public static Set<String> metricNames(String promQl) {
        String bare = STRING.matcher(promQl).replaceAll("\"\"");
        bare = LABEL_MATCHERS.matcher(bare).replaceAll("{}");
        bare = RANGE.matcher(bare).replaceAll("[]");
        bare = LABEL_LIST.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(bare);
        while (name.find()) {
            if (!KEYWORDS.contains(name.group(1).toLowerCase(Locale.ROOT))) {
                names.add(name.group(1));
            }
        }
        return names;
    }
}
