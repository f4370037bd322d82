package dev.fleetdeck.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetdeck.metrics.FleetHostQuery;
import dev.fleetdeck.metrics.PrometheusClient;
import dev.fleetdeck.metrics.PrometheusException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hosts' CPU and RAM over a span from Prometheus: one {@code query_range} for every agent
 * asked about, split by {@code instance}. Each point covers the step before it: CPU is the busy
 * share over the step ({@code rate}), RAM the average and the peak of MemTotal − MemAvailable
 * within it ({@code avg_over_time}, {@code min_over_time} of MemAvailable), so a spike between
 * two points is not lost at a coarse step.
 */
public final class PrometheusHistory {
    /** Shorter windows than this hold too few scrapes for {@code rate} at common scrape intervals. */
    private static final Duration MIN_WINDOW = Duration.ofMinutes(2);

    private final PrometheusClient client;

    public PrometheusHistory(PrometheusClient client) {
        this.client = client;
    }

    public PrometheusClient client() {
        return client;
    }

    /** What came back: each agent's points, and for agents without any, why. */
    public record Answer(Map<String, List<HistoryPoint>> points, Map<String, String> problems) {}

    /**
     * @param instances each agent's {@code nodeExporter}
     * @param start     the first point's bucket start
     */
    public Answer read(Map<String, String> instances, Instant start, Instant end, Duration step)
            throws PrometheusException {
        Duration window = step.compareTo(MIN_WINDOW) < 0 ? MIN_WINDOW : step;
        String w = "[" + window.toSeconds() + "s]";
        String match = FleetHostQuery.instanceMatch(instances.values());
        String expression = FleetHostQuery.tag(
                        "cpu",
                        "100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"," + match + "}" + w
                                + ")))")
                + " or " + FleetHostQuery.tag("memTotal", "node_memory_MemTotal_bytes{" + match + "}")
                + " or "
                + FleetHostQuery.tag(
                        "memUsed",
                        "node_memory_MemTotal_bytes{" + match + "} - avg_over_time(" + "node_memory_MemAvailable_bytes{"
                                + match + "}" + w + ")")
                + " or "
                + FleetHostQuery.tag(
                        "memPeak",
                        "node_memory_MemTotal_bytes{" + match + "} - min_over_time(" + "node_memory_MemAvailable_bytes{"
                                + match + "}" + w + ")");
        // Evaluated at each bucket's end, labelled with its start: the local store's buckets line up.
        JsonNode result = client.queryRange(expression, start.plus(step), end, step);
        return parse(result, instances, step);
    }

    static Answer parse(JsonNode result, Map<String, String> instances, Duration step) {
        // instance -> figure -> time -> value
        Map<String, Map<String, TreeMap<Long, Double>>> byInstance = new HashMap<>();
        Map<String, Integer> unusable = new HashMap<>();
        for (JsonNode series : result) {
            String instance = series.path("metric").path("instance").asText("");
            String figure = series.path("metric").path("fleetdeck").asText("");
            JsonNode values = series.path("values");
            if (instance.isEmpty() || figure.isEmpty() || !values.isArray()) {
                continue;
            }
            TreeMap<Long, Double> line = byInstance
                    .computeIfAbsent(instance, i -> new HashMap<>())
                    .computeIfAbsent(figure, f -> new TreeMap<>());
            for (JsonNode pair : values) {
                double v;
                try {
                    v = pair.isArray() && pair.size() == 2
                            ? FleetHostQuery.sample(pair.get(1).asText())
                            : Double.NaN;
                } catch (NumberFormatException e) {
                    v = Double.NaN;
                }
                if (!Double.isFinite(v) || v < 0) {
                    unusable.merge(instance, 1, Integer::sum);
                    continue;
                }
                line.putIfAbsent((long) pair.get(0).asDouble() - step.toSeconds(), v);
            }
        }
        Map<String, List<HistoryPoint>> points = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (Map.Entry<String, String> agent : instances.entrySet()) {
            Map<String, TreeMap<Long, Double>> figures = byInstance.getOrDefault(agent.getValue(), Map.of());
            TreeMap<Long, Double> total = figures.getOrDefault("memTotal", new TreeMap<>());
            List<HistoryPoint> line = new ArrayList<>();
            for (Map.Entry<Long, Double> t : total.entrySet()) {
                Double used = figures.getOrDefault("memUsed", new TreeMap<>()).get(t.getKey());
                if (used == null || t.getValue() <= 0) {
                    continue;
                }
                Double peak = figures.getOrDefault("memPeak", new TreeMap<>()).get(t.getKey());
                Double cpu = figures.getOrDefault("cpu", new TreeMap<>()).get(t.getKey());
                double mem = Math.min(100, used * 100 / t.getValue());
                double memPeak = peak == null ? mem : Math.min(100, peak * 100 / t.getValue());
                double c = cpu == null ? Double.NaN : Math.min(100, cpu);
                line.add(HistoryPoint.host(
                        Instant.ofEpochSecond(t.getKey()),
                        c,
                        c,
                        mem,
                        memPeak,
                        t.getValue().longValue()));
            }
            if (!line.isEmpty()) {
                points.put(agent.getKey(), line);
            } else if (unusable.containsKey(agent.getValue())) {
                problems.put(
                        agent.getKey(),
                        "Prometheus gave " + unusable.get(agent.getValue()) + " samples for " + agent.getValue()
                                + " that are not usable figures (NaN, infinite or negative)");
            } else {
                problems.put(
                        agent.getKey(),
                        "Prometheus has no node-exporter history for instance " + agent.getValue()
                                + " in this span — does it scrape it?");
            }
        }
        return new Answer(points, problems);
    }
}
