package dev.fleetdeck.sizing;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.history.HistoryPoint;
import dev.fleetdeck.history.HistoryService;
import dev.fleetdeck.history.HistorySource;
import dev.fleetdeck.history.LocalHistoryStore;
import dev.fleetdeck.startup.Percentiles;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Which {@code ramOverride} and {@code cpuOverride} each agent can afford, from what its host
 * really used over days (the sizing guide: "getting the right override requires careful
 * monitoring"). One advisor for {@code fleetdeck sizing} and the Sizing page.
 *
 * <p>The model: the host's RAM at its peak is what it ran plus what its sessions used; each more
 * session of a type adds what such a session was seen to use at its peak (its declared memory
 * when none was seen). The RAM override lets the scheduler reserve sessions until that reaches
 * {@code ramWarnPercent} of the host's RAM; the CPU override likewise until P95 CPU would reach
 * {@value #CPU_TARGET_PERCENT} %. A recording workspace counts one more core. An agent whose RAM
 * already reached {@code ramWarnPercent} gets a warning, never a bigger override.
 */
public final class SizingAdvisor {
    /** Less history than this is not advice but a guess. */
    public static final Duration MINIMUM_HISTORY = Duration.ofDays(1);
    /** CPU is shared, not exhausted: P95 up to this share still leaves room for bursts. */
    static final double CPU_TARGET_PERCENT = 80;

    private static final long GIB = 1L << 30;
    /** Prometheus answers at most 11,000 points per series; a few thousand are plenty for a peak and a P95. */
    private static final int PROMETHEUS_POINTS = 2000;

    private final List<AgentConfig> agents;
    private final List<WorkspaceType> catalog;
    private final double ramWarnPercent;
    private final HistoryService history;

    public SizingAdvisor(
            List<AgentConfig> agents, List<WorkspaceType> catalog, double ramWarnPercent, HistoryService history) {
        this.agents = List.copyOf(agents);
        this.catalog = List.copyOf(catalog);
        this.ramWarnPercent = ramWarnPercent;
        this.history = history;
    }

    /**
     * @param window how far back to look, 1 to 30 days
     * @param fleet  the agents' engines as last refreshed (their real CPUs and RAM)
     * @throws SizingRefusal when no agent has a day of history in the window
     */
    public SizingReport advise(Duration window, FleetSnapshot fleet) throws SizingRefusal {
        long stepMinutes = Math.max(1, (window.toMinutes() + PROMETHEUS_POINTS - 1) / PROMETHEUS_POINTS);
        Duration promStep = Duration.ofMinutes(stepMinutes);
        HistoryService.Read read = history.window(window, promStep);
        List<String> notes = new ArrayList<>(read.problems());
        Duration best = Duration.ZERO;
        List<AgentAdvice> out = new ArrayList<>();
        for (AgentConfig agent : agents) {
            List<HistoryPoint> points = read.points().getOrDefault(agent.name(), List.of());
            // The figures the advice rests on: the host's where known, else the containers' sum.
            boolean host = points.stream().anyMatch(HistoryPoint::hostKnown);
            Duration observed = observed(points.stream()
                    .filter(host ? HistoryPoint::hostKnown : HistoryPoint::sessionsKnown)
                    .toList());
            best = observed.compareTo(best) > 0 ? observed : best;
            if (observed.compareTo(MINIMUM_HISTORY) < 0) {
                notes.add(agent.name() + ": only " + words(observed) + " of history in the window; not advised");
                continue;
            }
            Map<String, LocalHistoryStore.TypeFigures> types;
            try {
                types = history.typeFigures(agent.name(), window);
            } catch (SQLException e) {
                types = Map.of();
                notes.add(agent.name() + ": the sessions' figures cannot be read (" + e.getMessage() + ")");
            }
            out.add(advise(agent, points, types, snapshot(fleet, agent.name())));
        }
        if (best.compareTo(MINIMUM_HISTORY) < 0) {
            throw new SizingRefusal("only " + words(best) + " of history in the last " + window.toDays() + " days ("
                    + sourceWords(read.source()) + "): the advisor needs at least a day of an agent's history — "
                    + (read.source() == HistorySource.LOCAL
                            ? "keep a console or `fleetdeck keeper` running, or configure metrics.prometheus"
                            : "let Prometheus record longer")
                    + ", then ask again"
                    + (read.problems().isEmpty() ? "" : " (" + String.join("; ", read.problems()) + ")"));
        }
        out.sort(Comparator.comparing((AgentAdvice a) -> !a.nearFull())
                .thenComparing(a -> a.nearFull() ? -a.ramPeakPercent() : 0)
                .thenComparing(AgentAdvice::agent));
        return new SizingReport(
                history.now(),
                window,
                sourceWords(read.source()),
                best,
                ramWarnPercent,
                out,
                method(read.source(), promStep),
                notes);
    }

    private AgentAdvice advise(
            AgentConfig agent,
            List<HistoryPoint> points,
            Map<String, LocalHistoryStore.TypeFigures> types,
            AgentSnapshot live) {
        boolean host = points.stream().anyMatch(HistoryPoint::hostKnown);
        List<HistoryPoint> used = points.stream()
                .filter(host ? HistoryPoint::hostKnown : HistoryPoint::sessionsKnown)
                .toList();
        double ramPeak = max(used, host ? HistoryPoint::hostMemPeak : HistoryPoint::sessionsMemPeak);
        double ramP95 = p95(used, host ? HistoryPoint::hostMem : HistoryPoint::sessionsMem);
        List<HistoryPoint> cpuPoints = used.stream()
                .filter(p -> !Double.isNaN(host ? p.hostCpu() : p.sessionsCpu()))
                .toList();
        double cpuPeak = max(cpuPoints, host ? HistoryPoint::hostCpuPeak : HistoryPoint::sessionsCpu);
        double cpuP95 = p95(cpuPoints, host ? HistoryPoint::hostCpu : HistoryPoint::sessionsCpu);
        int peakSessions =
                points.stream().mapToInt(HistoryPoint::sessionsPeak).max().orElse(-1);
        long hostTotal =
                points.stream().mapToLong(HistoryPoint::hostMemTotal).max().orElse(0);
        long total = live != null && live.memTotalBytes() > 0 ? live.memTotalBytes() : hostTotal;
        int cpus = live != null ? live.cpus() : 0;

        // What one more session costs, per type: seen at its peak, else its declared size (ratio 1).
        double ramRatio = 0;
        double cpuRatio = 0;
        double reservedRam = 0;
        double reservedCores = 0;
        long sessionSamples = 0;
        for (WorkspaceType ws : catalog) {
            LocalHistoryStore.TypeFigures f = types.get(ws.name());
            if (f == null || f.sessionSamples() == 0) {
                continue;
            }
            ramRatio = Math.max(ramRatio, f.memBytesPerSessionPeak() / ws.memoryBytes());
            cpuRatio = Math.max(cpuRatio, f.cpuCoresPerSession() / ws.sizingCores());
            reservedRam += (double) f.sessionSamples() * ws.memoryBytes();
            reservedCores += f.sessionSamples() * ws.sizingCores();
            sessionSamples += f.sessionSamples();
        }
        ramRatio = ramRatio > 0 ? ramRatio : 1;
        cpuRatio = cpuRatio > 0 ? cpuRatio : 1;
        int atPeak = Math.max(0, peakSessions);
        // The reservations the peak held: its sessions at the mix of types seen.
        double ramAtPeak = sessionSamples == 0 ? 0 : atPeak * reservedRam / sessionSamples;
        double coresAtPeak = sessionSamples == 0 ? 0 : atPeak * reservedCores / sessionSamples;

        long ramCapacity = agent.ramOverride() > 0 ? agent.ramOverride() : total;
        double cpuCapacity = agent.cpuOverride() > 0 ? agent.cpuOverride() : cpus;
        boolean nearFull = ramPeak >= ramWarnPercent;
        double ramRoom = (ramWarnPercent - ramPeak) / 100.0 * total;
        long ramFits = (long) Math.floor((ramAtPeak + ramRoom / ramRatio) / GIB) * GIB;
        double cpuRoom = (CPU_TARGET_PERCENT - cpuP95) / 100.0 * cpus;
        double cpuFits = Math.floor(coresAtPeak + cpuRoom / cpuRatio);
        String warning = null;
        long ramOverride;
        double cpuOverride;
        if (nearFull) {
            warning = String.format(
                    Locale.ROOT,
                    "RAM reached %.1f %% (ramWarnPercent %.0f %%): no bigger override; move"
                            + " sessions off it or give it more RAM",
                    ramPeak,
                    ramWarnPercent);
            // Only ever lower: never a bigger override on an agent that came near full.
            ramOverride = total > 0 && ramFits > 0 && ramFits < ramCapacity ? ramFits : 0;
            cpuOverride = 0;
        } else {
            ramOverride = total > 0 ? Math.max(GIB, ramFits) : 0;
            cpuOverride = cpus > 0 ? Math.max(1, cpuFits) : 0;
        }
        long ramAfter = ramOverride > 0 ? ramOverride : ramCapacity;
        double cpuAfter = cpuOverride > 0 ? cpuOverride : cpuCapacity;
        List<TypeAdvice> typeAdvice = new ArrayList<>();
        for (WorkspaceType ws : catalog) {
            LocalHistoryStore.TypeFigures f = types.get(ws.name());
            boolean seen = f != null && f.sessionSamples() > 0;
            int today = fit(cpuCapacity, ramCapacity, ws);
            typeAdvice.add(new TypeAdvice(
                    ws.name(),
                    seen,
                    seen ? (long) f.memBytesPerSessionPeak() : ws.memoryBytes(),
                    seen ? f.cpuCoresPerSession() : ws.sizingCores(),
                    today,
                    fit(cpuAfter, ramAfter, ws) - today));
        }
        return new AgentAdvice(
                agent.name(),
                host,
                ramPeak,
                ramP95,
                cpuPeak,
                cpuP95,
                peakSessions,
                total,
                cpus,
                agent.ramOverride(),
                agent.cpuOverride(),
                ramOverride,
                cpuOverride,
                nearFull,
                warning,
                typeAdvice);
    }

    /** Sessions of one type a capacity takes (the scheduler's count); an unknown CPU count limits nothing. */
    private static int fit(double cores, long ram, WorkspaceType ws) {
        int byRam = (int) Math.max(0, Math.floor((double) ram / ws.memoryBytes()));
        int byCpu = cores > 0 ? (int) Math.max(0, Math.floor(cores / ws.sizingCores())) : Integer.MAX_VALUE;
        return Math.min(byRam, byCpu);
    }

    private static AgentSnapshot snapshot(FleetSnapshot fleet, String agent) {
        if (fleet == null) {
            return null;
        }
        return fleet.agents().stream()
                .filter(a -> a.name().equals(agent) && a.cpus() > 0)
                .findFirst()
                .orElse(null);
    }

    /** Time the points cover: each point counts its step (the smallest gap between two of them). */
    static Duration observed(List<HistoryPoint> points) {
        if (points.size() < 2) {
            return Duration.ZERO;
        }
        long step = Long.MAX_VALUE;
        for (int i = 1; i < points.size(); i++) {
            long gap =
                    points.get(i).at().getEpochSecond() - points.get(i - 1).at().getEpochSecond();
            if (gap > 0) {
                step = Math.min(step, gap);
            }
        }
        return step == Long.MAX_VALUE ? Duration.ZERO : Duration.ofSeconds(step * points.size());
    }

    private static double max(List<HistoryPoint> points, ToDoubleFunction<HistoryPoint> figure) {
        return points.stream()
                .mapToDouble(figure)
                .filter(v -> !Double.isNaN(v))
                .max()
                .orElse(Double.NaN);
    }

    private static double p95(List<HistoryPoint> points, ToDoubleFunction<HistoryPoint> figure) {
        // Thousandths of a percent as longs: the analyzer's exact percentiles, to well below a figure's precision.
        long[] values = points.stream()
                .mapToDouble(figure)
                .filter(v -> !Double.isNaN(v))
                .mapToLong(v -> Math.round(v * 1000))
                .toArray();
        return values.length == 0 ? Double.NaN : Percentiles.of(values, 95) / 1000.0;
    }

    private List<String> method(HistorySource source, Duration promStep) {
        List<String> lines = new ArrayList<>();
        lines.add(
                source == HistorySource.PROMETHEUS
                        ? "Host RAM and CPU are node-exporter's, from Prometheus, at " + promStep.toMinutes()
                                + "-minute steps: a step's"
                                + " RAM peak is MemTotal minus the lowest MemAvailable scraped in it, its CPU the busy share over it."
                        : "RAM and CPU are what Fleetdeck's consoles and keeper recorded " + HistorySource.LOCAL.label()
                                + ": the host's (node-exporter) where Prometheus gave it, else the containers' sum; peaks are the highest"
                                + " reading of each bucket.");
        lines.add("P95 is over the window's points (exact, interpolated between ranks, as the startup analyzer's).");
        lines.add(
                "A session's RAM is the highest one of its type was seen to use (docker stats, what the consoles saw);"
                        + " a type never seen counts its declared memory and cores.");
        lines.add(String.format(
                Locale.ROOT,
                "ramOverride: the reservations at the peak plus what the RAM left under"
                        + " ramWarnPercent (%.0f %%) holds of sessions at their observed share of their reservation; cpuOverride"
                        + " the same with P95 CPU up to %.0f %%; both rounded down (whole GiB, whole cores).",
                ramWarnPercent,
                CPU_TARGET_PERCENT));
        lines.add("A workspace with recording: true counts one more core per session (the sizing guide).");
        lines.add(
                "\"more\" is how many more sessions of each type the recommended overrides let the scheduler place than"
                        + " today's capacity, each type alone.");
        return lines;
    }

    private static String sourceWords(HistorySource source) {
        return source == HistorySource.PROMETHEUS
                ? "host figures from Prometheus"
                : "recorded " + HistorySource.LOCAL.label();
    }

    /** "3 h 12 min", "2 d 4 h". */
    static String words(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toMinutes() + " min";
    }

    /** When the report was made (for a page's caption). */
    public Instant now() {
        return history.now();
    }
}
