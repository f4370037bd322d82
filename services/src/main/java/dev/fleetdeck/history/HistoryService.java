package dev.fleetdeck.history;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.metrics.PrometheusException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CPU and RAM history of agents and of the fleet: the hosts' from Prometheus when it is configured
 * and the agent names a {@code nodeExporter}, else from the {@link LocalHistoryStore}; the
 * sessions' sum always from the local store (Prometheus does not know them). Blocking: callers run
 * it off the FX thread. Prometheus failing is a note and the local store, never an exception.
 */
public final class HistoryService {
    /** The subject of the fleet's combined history. */
    public static final String FLEET = "the fleet";

    private final List<AgentConfig> agents;
    private final Optional<PrometheusHistory> prometheus;
    private final LocalHistoryStore local;
    private final Clock clock;

    public HistoryService(
            List<AgentConfig> agents, Optional<PrometheusHistory> prometheus, LocalHistoryStore local, Clock clock) {
        this.agents = List.copyOf(agents);
        this.prometheus = prometheus;
        this.local = local;
        this.clock = clock;
    }

    public LocalHistoryStore local() {
        return local;
    }

    /** Whether host history comes from Prometheus for at least one agent. */
    public boolean readsPrometheus() {
        return prometheus.isPresent() && agents.stream().anyMatch(a -> a.nodeExporter() != null);
    }

    /** One agent's history over {@code range}. */
    public AgentHistory agent(String name, HistoryRange range) {
        List<AgentConfig> one =
                agents.stream().filter(a -> a.name().equals(name)).toList();
        Read read = read(one, range, clock.instant());
        return new AgentHistory(name, range, read.points().getOrDefault(name, List.of()), read.source(), read.note());
    }

    /** The fleet's history: RAM as the sum of used over the sum of totals, CPU as the agents' mean. */
    public AgentHistory fleet(HistoryRange range) {
        Read read = read(agents, range, clock.instant());
        return new AgentHistory(FLEET, range, combine(read.points()), read.source(), read.note());
    }

    /**
     * Every agent's points over the last {@code back} (at most 30 days): the local store at the
     * finest range that reaches that far, Prometheus at {@code prometheusStep}.
     */
    public Read window(Duration back, Duration prometheusStep) {
        HistoryRange tier = HistoryRange.covering(back)
                .orElseThrow(() -> new IllegalArgumentException("history reaches 30 days, not " + back.toDays()));
        Instant now = clock.instant();
        return read(agents, tier, now.minus(back), now, prometheusStep);
    }

    /** What each workspace type's sessions used on {@code agent} over the last {@code back}, as the local store saw it. */
    public Map<String, LocalHistoryStore.TypeFigures> typeFigures(String agent, Duration back) throws SQLException {
        HistoryRange tier = HistoryRange.covering(back)
                .orElseThrow(() -> new IllegalArgumentException("history reaches 30 days, not " + back.toDays()));
        return local.typeFigures(agent, tier, clock.instant().minus(back));
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Each agent's points, where the host figures came from and what to know about them.
     *
     * @param problems what went wrong on the way (Prometheus's reason, agents it does not know), each a line
     * @param note     where the figures come from, then the problems: one caption
     */
    public record Read(
            Map<String, List<HistoryPoint>> points, HistorySource source, String note, List<String> problems) {
        Read(Map<String, List<HistoryPoint>> points, HistorySource source, List<String> problems) {
            this(
                    points,
                    source,
                    String.join(
                            "; ",
                            concat(
                                    source == HistorySource.PROMETHEUS
                                            ? "host figures " + HistorySource.PROMETHEUS.label()
                                                    + ", sessions' recorded " + HistorySource.LOCAL.label()
                                            : "recorded " + HistorySource.LOCAL.label(),
                                    problems)),
                    List.copyOf(problems));
        }

        private static List<String> concat(String first, List<String> rest) {
            List<String> all = new ArrayList<>(List.of(first));
            all.addAll(rest);
            return all;
        }
    }

    private Read read(List<AgentConfig> subjects, HistoryRange range, Instant now) {
        return read(subjects, range, now.minus(range.span()), now, range.step());
    }

    private Read read(List<AgentConfig> subjects, HistoryRange range, Instant from, Instant now, Duration step) {
        List<String> names = subjects.stream().map(AgentConfig::name).toList();
        List<String> notes = new ArrayList<>();
        Map<String, List<HistoryPoint>> seen;
        try {
            seen = local.points(names, range, from);
        } catch (SQLException e) {
            seen = Map.of();
            notes.add("the local history cannot be read (" + e.getMessage() + ")");
        }
        Map<String, String> instances = new LinkedHashMap<>();
        subjects.stream().filter(a -> a.nodeExporter() != null).forEach(a -> instances.put(a.name(), a.nodeExporter()));
        if (prometheus.isEmpty() || instances.isEmpty()) {
            return new Read(seen, HistorySource.LOCAL, notes);
        }
        PrometheusHistory.Answer answer;
        long stepSeconds = step.toSeconds();
        Instant start = Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), stepSeconds) * stepSeconds);
        try {
            answer = prometheus.get().read(instances, start, now, step);
        } catch (PrometheusException e) {
            notes.add(0, e.getMessage());
            return new Read(seen, HistorySource.LOCAL, notes);
        }
        Map<String, List<HistoryPoint>> out = new LinkedHashMap<>();
        for (String name : names) {
            List<HistoryPoint> sessions = seen.getOrDefault(name, List.of());
            List<HistoryPoint> host = answer.points().get(name);
            if (host == null) {
                // Prometheus does not know this agent: what the consoles saw of it, host figures included.
                if (answer.problems().containsKey(name)) {
                    notes.add(name + ": " + answer.problems().get(name) + " (its figures are the local store's)");
                }
                if (!sessions.isEmpty()) {
                    out.put(name, sessions);
                }
                continue;
            }
            out.put(name, merge(host, sessions));
        }
        if (answer.points().isEmpty()) {
            // Prometheus answered, but for none of these agents: every figure is the local store's.
            return new Read(out, HistorySource.LOCAL, notes);
        }
        return new Read(out, HistorySource.PROMETHEUS, notes);
    }

    /** Prometheus's host figures with the local store's sessions' figures of the same buckets. */
    private static List<HistoryPoint> merge(List<HistoryPoint> host, List<HistoryPoint> sessions) {
        TreeMap<Instant, HistoryPoint> byTime = new TreeMap<>();
        for (HistoryPoint s : sessions) {
            byTime.put(
                    s.at(), s.withHost(HistoryPoint.host(s.at(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0)));
        }
        for (HistoryPoint h : host) {
            byTime.merge(h.at(), h, (s, p) -> s.withHost(p));
        }
        return List.copyOf(byTime.values());
    }

    /** The agents' points combined per bucket. */
    static List<HistoryPoint> combine(Map<String, List<HistoryPoint>> byAgent) {
        TreeMap<Instant, List<HistoryPoint>> byTime = new TreeMap<>();
        byAgent.values()
                .forEach(points -> points.forEach(p ->
                        byTime.computeIfAbsent(p.at(), t -> new ArrayList<>()).add(p)));
        List<HistoryPoint> out = new ArrayList<>(byTime.size());
        for (Map.Entry<Instant, List<HistoryPoint>> e : byTime.entrySet()) {
            double used = 0;
            double usedPeak = 0;
            long total = 0;
            double cpu = 0;
            double cpuPeak = Double.NaN;
            int hosts = 0;
            double sCpu = 0;
            double sMem = 0;
            double sMemPeak = Double.NaN;
            int sessions = 0;
            int sessionsPeak = 0;
            for (HistoryPoint p : e.getValue()) {
                if (p.hostKnown()) {
                    used += p.hostMem() * p.hostMemTotal();
                    usedPeak += p.hostMemPeak() * p.hostMemTotal();
                    total += p.hostMemTotal();
                    cpu += Double.isNaN(p.hostCpu()) ? 0 : p.hostCpu();
                    cpuPeak = Double.isNaN(cpuPeak) ? p.hostCpuPeak() : Math.max(cpuPeak, p.hostCpuPeak());
                    hosts++;
                }
                if (p.sessionsKnown()) {
                    sCpu += p.sessionsCpu();
                    sMem += p.sessionsMem();
                    sMemPeak = Double.isNaN(sMemPeak) ? p.sessionsMemPeak() : Math.max(sMemPeak, p.sessionsMemPeak());
                    sessions++;
                    sessionsPeak += Math.max(0, p.sessionsPeak());
                }
            }
            boolean host = hosts > 0 && total > 0;
            out.add(new HistoryPoint(
                    e.getKey(),
                    host ? cpu / hosts : Double.NaN,
                    host ? cpuPeak : Double.NaN,
                    host ? used / total : Double.NaN,
                    host ? usedPeak / total : Double.NaN,
                    total,
                    sessions > 0 ? sCpu / sessions : Double.NaN,
                    sessions > 0 ? sMem / sessions : Double.NaN,
                    sMemPeak,
                    sessions > 0 ? sessionsPeak : -1));
        }
        return out;
    }
}
