package io.smartleadkafkaroutes.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The application's management port as a probe or a Prometheus scraper sees it. */
public final class ManagementApi {

    /** A sample line: name, optional labels, value (timestamps are not used here). */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ManagementApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public record Answer(int status, String body) {
    }

    public Answer get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** {@code /observe/metrics} as sample -> value, the sample written {@code name{label="value",...}}. */
    public Map<String, Double> metrics() {
        return samples(metricsPage());
    }

    /** {@code /observe/metrics} as a scraper reads it: the Prometheus text. */
    public String metricsPage() {
        Answer answer = get("/observe/metrics");
        if (answer.status() != 200) {
            throw new AssertionError("/observe/metrics answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    /** The samples of a Prometheus text page as sample -> value, the sample written {@code name{label="value",...}}. */
    public static Map<String, Double> samples(String page) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : page.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find()) {
                String labels = sample.group(2) == null ? "" : sample.group(2).replace(",}", "}");
                samples.put(sample.group(1) + labels, Double.parseDouble(sample.group(3)));
            }
        }
        return samples;
    }

    /** The names of the samples on {@code /observe/metrics}, as PromQL queries them: {@code x_count}, {@code x_sum}. */
    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        metrics().keySet().forEach(sample -> names.add(sample.replaceFirst("\\{.*", "")));
        return names;
    }
}
