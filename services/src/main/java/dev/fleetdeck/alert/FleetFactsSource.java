package dev.fleetdeck.alert;

import dev.fleetdeck.disk.DiskBudget;
import dev.fleetdeck.disk.DiskLevel;
import dev.fleetdeck.disk.DiskVerdict;
import dev.fleetdeck.drain.DrainRecord;
import dev.fleetdeck.drain.DrainStore;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.pool.PoolStatus;
import dev.fleetdeck.startup.AnalysisOptions;
import dev.fleetdeck.startup.StartupAccumulator;
import dev.fleetdeck.startup.StartupAnalyzer;
import dev.fleetdeck.store.StartupStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gathers the facts of one evaluation from the running services. The fleet, drains and pools are
 * read every time (they are in memory or small); the startup windows are re-analyzed only every
 * {@code checkEvery} (the guide's performance check is hourly; the default is five minutes), in one
 * pass over the last day that feeds the hour's and the day's analysis together, keeping no record.
 */
public final class FleetFactsSource implements Supplier<FleetFacts> {
    private final Supplier<FleetSnapshot> fleet;
    private final StartupStore startups;
    private final AnalysisOptions options;
    private final DrainStore drains;
    private final Supplier<List<PoolStatus>> pools;
    private final Function<String, Duration> refillTime;
    private final Supplier<Optional<String>> redisDown;
    private final Duration checkEvery;
    private final Clock clock;
    private final Consumer<String> problems;
    private final DiskBudget disk;
    private List<FleetFacts.StartupWindow> startup = List.of();
    private Instant analyzedAt;

    /**
     * @param refillTime how long a refill of a workspace type's pool may take (its ready timeout)
     * @param redisDown  why the configured Redis does not answer, when it does not
     */
    public FleetFactsSource(
            Supplier<FleetSnapshot> fleet,
            StartupStore startups,
            AnalysisOptions options,
            DrainStore drains,
            Supplier<List<PoolStatus>> pools,
            Function<String, Duration> refillTime,
            Supplier<Optional<String>> redisDown,
            Duration checkEvery,
            Clock clock,
            Consumer<String> problems) {
        this(fleet, startups, options, drains, pools, refillTime, redisDown, checkEvery, clock, problems, null);
    }

    /** @param disk judges each agent's disk (its budget and thresholds); {@code null}: no disk facts */
    public FleetFactsSource(
            Supplier<FleetSnapshot> fleet,
            StartupStore startups,
            AnalysisOptions options,
            DrainStore drains,
            Supplier<List<PoolStatus>> pools,
            Function<String, Duration> refillTime,
            Supplier<Optional<String>> redisDown,
            Duration checkEvery,
            Clock clock,
            Consumer<String> problems,
            DiskBudget disk) {
        this.disk = disk;
        this.fleet = fleet;
        this.startups = startups;
        this.options = options;
        this.drains = drains;
        this.pools = pools;
        this.refillTime = refillTime;
        this.redisDown = redisDown;
        this.checkEvery = checkEvery;
        this.clock = clock;
        this.problems = problems;
    }

    @Override
    public synchronized FleetFacts get() {
        Instant now = clock.instant();
        if (analyzedAt == null || Duration.between(analyzedAt, now).compareTo(checkEvery) >= 0) {
            startup = analyze(now);
            analyzedAt = now;
        }
        List<DrainRecord> drainRecords;
        try {
            drainRecords = drains.all();
        } catch (IOException e) {
            problems.accept("alerts: cannot read drain state from " + drains.describe() + ": " + e.getMessage());
            drainRecords = List.of();
        }
        List<FleetFacts.PoolFact> poolFacts = pools.get().stream()
                .map(p -> new FleetFacts.PoolFact(
                        p.workspaceType() + (p.zone() == null ? "" : " in " + p.zone()),
                        p.ready(),
                        p.desired(),
                        refillTime.apply(p.workspaceType())))
                .toList();
        List<AgentSnapshot> agents = fleet.get().agents();
        return new FleetFacts(now, agents, startup, drainRecords, poolFacts, redisDown.get(), disks(agents));
    }

    private List<FleetFacts.DiskFact> disks(List<AgentSnapshot> agents) {
        if (disk == null) {
            return List.of();
        }
        return agents.stream()
                .map(a -> {
                    DiskVerdict v = disk.judge(a);
                    double threshold = v.level() == DiskLevel.CRITICAL
                            ? disk.settings().criticalPercent()
                            : disk.settings().warnPercent();
                    return new FleetFacts.DiskFact(
                            a.name(), v, threshold, a.disk().stale() ? a.disk().problem() : null);
                })
                .toList();
    }

    private List<FleetFacts.StartupWindow> analyze(Instant now) {
        StartupAnalyzer analyzer = new StartupAnalyzer(Clock.fixed(now, clock.getZone()));
        StartupAccumulator day = analyzer.accumulator(options.withDays(1));
        StartupAccumulator hour = analyzer.accumulator(options.withDays(1));
        Instant hourAgo = now.minus(Duration.ofHours(1));
        try {
            startups.forEachSince(now.minus(Duration.ofDays(1)), r -> {
                day.accept(r);
                if (r.performance() != null
                        && r.performance().provisioningStartedAt() != null
                        && r.performance().provisioningStartedAt().isAfter(hourAgo)) {
                    hour.accept(r);
                }
            });
        } catch (IOException e) {
            problems.accept("alerts: cannot read startup records from " + startups.describe() + ": " + e.getMessage());
            return startup; // the last analysis stands rather than resolving every startup alert
        }
        return List.of(
                new FleetFacts.StartupWindow("1h", hour.report()), new FleetFacts.StartupWindow("24h", day.report()));
    }
}
