package dev.fleetdeck.alert;

import dev.fleetdeck.config.AlertsConfig;
import dev.fleetdeck.config.ByteSize;
import dev.fleetdeck.disk.DiskLevel;
import dev.fleetdeck.disk.DiskVerdict;
import dev.fleetdeck.drain.DrainPhase;
import dev.fleetdeck.drain.DrainRecord;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.startup.AnalysisReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet's alert rules: the startup guide's hourly performance check (over the last hour and the
 * last day), agents offline, RAM past the critical threshold, drains past their deadline or failed,
 * pools short for longer than a refill takes, Redis unreachable, an agent's disk over its threshold. Given the facts of one evaluation it
 * returns the alerts that hold now; {@link AlertBook} turns that into firing and resolved.
 *
 * <p>Two things are remembered between evaluations, both about time: how many evaluations in a row
 * an agent was offline (so a single missed refresh is not an alert) and since when a pool is short.
 * One instance per evaluator; not thread-safe, the evaluator runs on one thread.
 */
public final class AlertRules {
    /** Fewer launches than this in a window say nothing about it: one failure of one launch is not "100 % fail". */
    public static final int MIN_LAUNCHES = 5;

    private final AlertsConfig config;
    private final double ramCriticalPercent;
    private final Map<String, Integer> offlineRuns = new HashMap<>();
    private final Map<String, Instant> shortSince = new HashMap<>();

    public AlertRules(AlertsConfig config, double ramCriticalPercent) {
        this.config = config;
        this.ramCriticalPercent = ramCriticalPercent;
    }

    public List<Alert> evaluate(FleetFacts facts) {
        List<Alert> out = new ArrayList<>();
        for (FleetFacts.StartupWindow w : facts.startup()) {
            startup(w, out);
        }
        for (AgentSnapshot a : facts.agents()) {
            agent(a, out);
        }
        offlineRuns
                .keySet()
                .retainAll(facts.agents().stream().map(AgentSnapshot::name).toList());
        for (DrainRecord d : facts.drains()) {
            drain(d, facts.at(), out);
        }
        pools(facts, out);
        for (FleetFacts.DiskFact d : facts.disks()) {
            disk(d, out);
        }
        facts.redisDown()
                .ifPresent(reason -> out.add(new Alert(
                        "redis.down",
                        Severity.CRITICAL,
                        null,
                        "Redis does not answer: " + reason
                                + " — consoles fall back to local state and replay when it returns",
                        Map.of(),
                        List.of())));
        return out;
    }

    private void startup(FleetFacts.StartupWindow w, List<Alert> out) {
        AnalysisReport r = w.report();
        if (r.count() < MIN_LAUNCHES) {
            return;
        }
        if (r.avgMs() > config.avgWarningMs()) {
            out.add(new Alert(
                    "startup.slow/" + w.name(),
                    Severity.WARNING,
                    null,
                    String.format(
                            Locale.ROOT,
                            "average startup over the last %s is %.1f s, over %.1f s (%d launches)",
                            w.name(),
                            r.avgMs() / 1000,
                            config.avgWarningMs() / 1000.0,
                            r.count()),
                    ordered(
                            "avgSeconds",
                            r.avgMs() / 1000,
                            "thresholdSeconds",
                            config.avgWarningMs() / 1000.0,
                            "launches",
                            (double) r.count(),
                            "p95Seconds",
                            r.p95Ms() / 1000),
                    r.recommendations()));
        }
        if (r.failureRate() > config.failureRateCritical()) {
            out.add(new Alert(
                    "startup.failing/" + w.name(),
                    Severity.CRITICAL,
                    null,
                    String.format(
                            Locale.ROOT,
                            "%.1f %% of launches over the last %s failed (%d of %d), over %.1f %%",
                            100 * r.failureRate(),
                            w.name(),
                            r.failures(),
                            r.count(),
                            100 * config.failureRateCritical()),
                    ordered(
                            "failurePercent",
                            100 * r.failureRate(),
                            "thresholdPercent",
                            100 * config.failureRateCritical(),
                            "failures",
                            (double) r.failures(),
                            "launches",
                            (double) r.count()),
                    r.recommendations()));
        }
    }

    private void agent(AgentSnapshot a, List<Alert> out) {
        if (a.state() == AgentState.OFFLINE) {
            int runs = offlineRuns.merge(a.name(), 1, Integer::sum);
            if (runs >= config.offlineAfter()) {
                out.add(new Alert(
                        "agent.offline/" + a.name(),
                        Severity.CRITICAL,
                        a.name(),
                        a.name() + " is offline" + (a.error() == null ? "" : ": " + a.error()) + " — its "
                                + a.userSessionCount() + " sessions are unreachable",
                        ordered("sessions", (double) a.userSessionCount(), "offlineRefreshes", (double) runs),
                        List.of()));
            }
            return; // an offline agent's last figures are old: no RAM alert from them
        }
        offlineRuns.remove(a.name());
        if (a.online() && a.memTotalBytes() > 0 && a.memPercent() > ramCriticalPercent) {
            out.add(new Alert(
                    "agent.ram/" + a.name(),
                    Severity.CRITICAL,
                    a.name(),
                    String.format(
                            Locale.ROOT,
                            "%s RAM at %.1f %%, over the critical %.0f %% — new sessions may fail and"
                                    + " running ones be killed",
                            a.name(),
                            a.memPercent(),
                            ramCriticalPercent),
                    ordered(
                            "ramPercent",
                            a.memPercent(),
                            "thresholdPercent",
                            ramCriticalPercent,
                            "ramUsedBytes",
                            (double) a.memUsedBytes(),
                            "ramTotalBytes",
                            (double) a.memTotalBytes()),
                    List.of()));
        }
    }

    /**
     * One key per agent whatever the level: warning and critical are one condition growing, so a
     * disk that goes from 85 to 92 % updates the alert's severity and figures without firing again.
     * A stale figure (the last read failed) is still judged: an agent whose disk read broke is not
     * an agent whose disk was cleaned up.
     */
    private static void disk(FleetFacts.DiskFact d, List<Alert> out) {
        DiskVerdict v = d.verdict();
        if (v.level() != DiskLevel.WARNING && v.level() != DiskLevel.CRITICAL) {
            return;
        }
        boolean critical = v.level() == DiskLevel.CRITICAL;
        String what = v.byFilesystem()
                ? String.format(
                        Locale.ROOT,
                        "the filesystem of its Docker data root is %.1f %% full (%s of %s)",
                        v.percent(),
                        new ByteSize(v.filesystemUsedBytes()).toHuman(),
                        new ByteSize(v.filesystemTotalBytes()).toHuman())
                : String.format(
                        Locale.ROOT,
                        "Docker uses %.1f %% of the disk budget (%s of %s: 80 GiB + its sessions'" + " diskPerSession)",
                        v.percent(),
                        new ByteSize(v.dockerBytes()).toHuman(),
                        new ByteSize(v.budgetBytes()).toHuman());
        String summary = String.format(
                Locale.ROOT,
                "%s: %s, over the %s %.0f %%%s%s",
                d.agent(),
                what,
                critical ? "critical" : "warning",
                d.thresholdPercent(),
                critical ? " — images and sessions' writes fail when it is full" : "",
                d.staleBecause() == null ? "" : " (last figure; the latest read failed: " + d.staleBecause() + ")");
        out.add(new Alert(
                "agent.disk/" + d.agent(),
                critical ? Severity.CRITICAL : Severity.WARNING,
                d.agent(),
                summary,
                ordered(
                        "diskPercent",
                        v.percent(),
                        "thresholdPercent",
                        d.thresholdPercent(),
                        "dockerBytes",
                        (double) v.dockerBytes(),
                        "budgetBytes",
                        (double) v.budgetBytes(),
                        "filesystemUsedBytes",
                        (double) v.filesystemUsedBytes(),
                        "filesystemTotalBytes",
                        (double) v.filesystemTotalBytes()),
                List.of()));
    }

    private static void drain(DrainRecord d, Instant now, List<Alert> out) {
        if (d.phase() == DrainPhase.FAILED) {
            out.add(new Alert(
                    "drain.failed/" + d.agent(),
                    Severity.CRITICAL,
                    d.agent(),
                    "drain of " + d.agent() + " failed" + (d.detail() == null ? "" : ": " + d.detail())
                            + " — the agent stays cordoned until an operator enables it",
                    ordered("sessionsLeft", (double) d.running().size()),
                    List.of()));
        } else if (d.phase().isActive() && d.deadlineAt() != null && !now.isBefore(d.deadlineAt())) {
            out.add(new Alert(
                    "drain.deadline/" + d.agent(),
                    Severity.WARNING,
                    d.agent(),
                    "drain of " + d.agent() + " reached its deadline with "
                            + d.running().size() + " sessions left ("
                            + d.phase().label() + ")",
                    ordered(
                            "sessionsLeft", (double) d.running().size(),
                            "overdueSeconds",
                                    (double) Duration.between(d.deadlineAt(), now)
                                            .toSeconds()),
                    List.of()));
        }
    }

    private void pools(FleetFacts facts, List<Alert> out) {
        List<String> seen = new ArrayList<>();
        for (FleetFacts.PoolFact p : facts.pools()) {
            seen.add(p.pool());
            if (!p.isShort()) {
                shortSince.remove(p.pool());
                continue;
            }
            Instant since = shortSince.computeIfAbsent(p.pool(), k -> facts.at());
            Duration shortFor = Duration.between(since, facts.at());
            if (shortFor.compareTo(p.refillTime()) > 0) {
                out.add(new Alert(
                        "pool.short/" + p.pool(),
                        Severity.WARNING,
                        null,
                        String.format(
                                Locale.ROOT,
                                "staging pool %s has %d of %d ready for %d s, longer than a refill"
                                        + " takes (%d s) — check its agents' capacity and images",
                                p.pool(),
                                p.ready(),
                                p.size(),
                                shortFor.toSeconds(),
                                p.refillTime().toSeconds()),
                        ordered("ready", (double) p.ready(), "size", (double) p.size(), "shortSeconds", (double)
                                shortFor.toSeconds()),
                        List.of()));
            }
        }
        shortSince.keySet().retainAll(seen);
    }

    /** Numbers in the order given, so a webhook body and the window list them as the rule reads. */
    private static Map<String, Double> ordered(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (Double) nameValue[i + 1]);
        }
        return m;
    }
}
