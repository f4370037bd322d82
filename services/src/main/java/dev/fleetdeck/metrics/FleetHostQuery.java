package dev.fleetdeck.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetdeck.fleet.HostFigures;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one PromQL expression that reads every agent's host at once, and its answer split by
 * {@code instance}. Each figure is tagged with a {@code fleetdeck} label by {@code label_replace}
 * and the parts joined with {@code or}, so one request carries CPU, memory and the filesystem of
 * every agent, whatever the fleet's size.
 *
 * <p>CPU is the busy share over the last minute ({@code rate} over {@code [1m]}: it needs two
 * scrapes in that minute, so scrape intervals up to 30 s). The filesystem is the one holding
 * {@code /var/lib/docker} (Docker's default data root): the longest of the mountpoints {@code /},
 * {@code /var}, {@code /var/lib}, {@code /var/lib/docker} that node-exporter reports.
 */
public final class FleetHostQuery {

    static final String DATA_ROOT = "/var/lib/docker";
    private static final String MOUNTS = "/|/var|/var/lib|/var/lib/docker";

    private FleetHostQuery() {}

    /** The expression for these instances ({@code host:port}, already validated). */
    public static String expression(Collection<String> instances) {
        String match = instanceMatch(instances);
        return tag(
                        "cpu",
                        "100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"," + match + "}[1m])))")
                + " or " + tag("memTotal", "node_memory_MemTotal_bytes{" + match + "}")
                + " or " + tag("memAvailable", "node_memory_MemAvailable_bytes{" + match + "}")
                + " or " + tag("fsSize", "node_filesystem_size_bytes{" + match + ",mountpoint=~\"" + MOUNTS + "\"}")
                + " or " + tag("fsAvail", "node_filesystem_avail_bytes{" + match + ",mountpoint=~\"" + MOUNTS + "\"}");
    }

    /** The label matcher {@code instance=~"a|b"} selecting exactly these instances. */
    public static String instanceMatch(Collection<String> instances) {
        return "instance=~\""
                + instances.stream().distinct().map(FleetHostQuery::quote).collect(Collectors.joining("|")) + "\"";
    }

    /** {@code vector} with the label {@code fleetdeck="figure"}, so parts joined with {@code or} stay apart. */
    public static String tag(String figure, String vector) {
        return "label_replace(" + vector + ", \"fleetdeck\", \"" + figure + "\", \"\", \"\")";
    }

    /** A regular expression (RE2) matching exactly {@code text}, inside a PromQL string. */
    static String quote(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                // "\\" in a PromQL string is one backslash for RE2: a literal punctuation character.
                b.append("\\\\");
            }
            b.append(c);
        }
        return b.toString();
    }

    /** What one instance's part of the answer gave: its figures, or why there are none. */
    public record Outcome(HostFigures figures, String problem) {}

    /** The answer split by instance; an instance absent from the map had no series at all. */
    public static Map<String, Outcome> parse(JsonNode result) {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        Map<String, Map<String, Double>> fsSize = new HashMap<>();
        Map<String, Map<String, Double>> fsAvail = new HashMap<>();
        Map<String, String> bad = new HashMap<>();
        Map<String, Instant> at = new HashMap<>();
        for (JsonNode series : result) {
            JsonNode metric = series.path("metric");
            String instance = metric.path("instance").asText("");
            String figure = metric.path("fleetdeck").asText("");
            JsonNode value = series.path("value");
            if (instance.isEmpty() || figure.isEmpty() || !value.isArray() || value.size() != 2) {
                continue;
            }
            values.computeIfAbsent(instance, i -> new HashMap<>());
            double v;
            try {
                v = sample(value.get(1).asText());
            } catch (NumberFormatException e) {
                bad.putIfAbsent(
                        instance,
                        "Prometheus gave " + figure + " as \"" + value.get(1).asText() + "\", not a number");
                continue;
            }
            if (!Double.isFinite(v) || v < 0) {
                bad.putIfAbsent(
                        instance,
                        "Prometheus gave " + figure + " = " + value.get(1).asText() + " for " + instance
                                + " (not a usable figure; the exporter's counters may have been reset)");
                continue;
            }
            at.merge(
                    instance,
                    Instant.ofEpochMilli((long) (value.get(0).asDouble() * 1000)),
                    (a, b) -> a.isAfter(b) ? a : b);
            String mount = metric.path("mountpoint").asText("");
            switch (figure) {
                case "fsSize" ->
                    fsSize.computeIfAbsent(instance, i -> new HashMap<>()).put(mount, v);
                case "fsAvail" ->
                    fsAvail.computeIfAbsent(instance, i -> new HashMap<>()).put(mount, v);
                // A target scraped by two jobs answers twice; the first is as good as the second.
                default -> values.get(instance).putIfAbsent(figure, v);
            }
        }
        Map<String, Outcome> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Double>> e : values.entrySet()) {
            String instance = e.getKey();
            if (bad.containsKey(instance)) {
                out.put(instance, new Outcome(null, bad.get(instance)));
                continue;
            }
            Map<String, Double> v = e.getValue();
            Double cpu = v.get("cpu");
            Double total = v.get("memTotal");
            Double available = v.get("memAvailable");
            if (total == null || available == null || total <= 0) {
                out.put(
                        instance,
                        new Outcome(
                                null,
                                "Prometheus has no MemTotal/MemAvailable for " + instance
                                        + " — is its node-exporter's meminfo collector on?"));
                continue;
            }
            if (cpu == null) {
                out.put(
                        instance,
                        new Outcome(
                                null,
                                "Prometheus has no CPU rate for " + instance
                                        + " yet (it needs two scrapes within a minute)"));
                continue;
            }
            String mount = dataRootMount(fsSize.getOrDefault(instance, Map.of()));
            long diskTotal = mount == null ? 0 : fsSize.get(instance).get(mount).longValue();
            Double avail = mount == null
                    ? null
                    : fsAvail.getOrDefault(instance, Map.of()).get(mount);
            long diskUsed = avail == null ? 0 : Math.max(0, diskTotal - avail.longValue());
            long memTotal = total.longValue();
            long memUsed = Math.max(0, memTotal - available.longValue());
            out.put(
                    instance,
                    new Outcome(
                            new HostFigures(
                                    Math.min(100.0, cpu),
                                    memUsed,
                                    memTotal,
                                    avail == null ? 0 : diskUsed,
                                    avail == null ? 0 : diskTotal,
                                    at.get(instance)),
                            null));
        }
        return out;
    }

    /** A sample as Prometheus writes it: a decimal, or NaN, +Inf, -Inf (which Java spells otherwise). */
    public static double sample(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The longest reported mountpoint that holds the data root, or {@code null}. */
    private static String dataRootMount(Map<String, Double> sizes) {
        String best = null;
        for (String mount : sizes.keySet()) {
            boolean holds = mount.equals("/") || DATA_ROOT.equals(mount) || DATA_ROOT.startsWith(mount + "/");
            if (holds && (best == null || mount.length() > best.length())) {
                best = mount;
            }
        }
        return best;
    }
}
