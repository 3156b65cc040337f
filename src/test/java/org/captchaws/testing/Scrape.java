package org.captchaws.testing;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One scrape of {@code /metrics}, in Prometheus's text format, read sample by sample: for
 * asserting what a test's requests moved, by reading before and after.
 */
public final class Scrape {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, Map<Map<String, String>, Double>> samples;

    private Scrape(Map<String, Map<Map<String, String>, Double>> samples) {
        this.samples = samples;
    }

    /** Scrapes the deployment with the test servers' first key; fails the test unless it answers 200. */
    public static Scrape of(URL deployment) throws Exception {
        HttpResponse<String> response = get(deployment, ItKeys.first());
        assertEquals(200, response.statusCode(), response::body);
        return parse(response.body());
    }

    /** A GET of the deployment's {@code /metrics}, with {@code Authorization: Bearer key} unless key is null. */
    public static HttpResponse<String> get(URL deployment, String key) throws Exception {
        return get(deployment, key, Map.of());
    }

    public static HttpResponse<String> get(URL deployment, String key, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(deployment + "metrics")).timeout(TIMEOUT);
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static Scrape parse(String text) {
        Map<String, Map<Map<String, String>, Double>> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.computeIfAbsent(sample.group(1), name -> new HashMap<>())
                    .put(Map.copyOf(labels), Double.parseDouble(sample.group(3)));
        }
        return new Scrape(samples);
    }

    /** The sample of this name with exactly these labels (name, value, name, value...), if there is one. */
    public OptionalDouble find(String name, String... labels) {
        Double value = samples.getOrDefault(name, Map.of()).get(labels(labels));
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** A counter's value: 0 for a series not there yet, as Prometheus counts it. */
    public double count(String name, String... labels) {
        return find(name, labels).orElse(0);
    }

    /** How much a counter moved from an earlier scrape to this one. */
    public double since(Scrape before, String name, String... labels) {
        return count(name, labels) - before.count(name, labels);
    }

    /** Every label set the metric has samples for. */
    public List<Map<String, String>> series(String name) {
        return List.copyOf(samples.getOrDefault(name, Map.of()).keySet());
    }

    private static Map<String, String> labels(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return Map.copyOf(labels);
    }
}
