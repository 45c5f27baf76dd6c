package io.smartleadkafkaroutes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The shipped PrometheusRule, its promtool tests, and the metrics both read. */
public final class PrometheusRules {

    public static final Path FILE = Path.of("k8s/components/prometheus-operator/prometheus-rule.yaml");
    /** promtool's rule tests; {@code rule_files} names the rules as {@link #RULES_FILE_NAME}, beside it. */
    public static final Path TESTS = Path.of("src/test/resources/prometheus/smartlead-kafka-routes.test.yaml");
    public static final String RULES_FILE_NAME = "smartlead-kafka-routes.rules.yaml";

    private static final YAMLMapper YAML = new YAMLMapper();

    private PrometheusRules() {
    }

    public static JsonNode read() {
        return read(FILE);
    }

    /** The rule groups as Prometheus reads a rules file: the PrometheusRule's spec. */
    public static JsonNode rulesFile() {
        return read().path("spec");
    }

    /** The PromQL of every rule. */
    public static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode group : rulesFile().path("groups")) {
            group.path("rules").forEach(rule -> expressions.add(rule.path("expr").asText()));
        }
        return expressions;
    }

    /** Every metric the rules read and their tests feed them. */
    public static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        expressions().forEach(expression -> names.addAll(GrafanaDashboard.metricNames(expression)));
        for (JsonNode test : read(TESTS).path("tests")) {
            test.path("input_series").forEach(series -> names.addAll(
                    GrafanaDashboard.metricNames(series.path("series").asText())));
        }
        return names;
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
