package dev.fleetdeck.alert;

import dev.fleetdeck.disk.DiskVerdict;
import dev.fleetdeck.drain.DrainRecord;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.startup.AnalysisReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the rules look at in one evaluation, gathered by the caller so the rules stay pure.
 *
 * @param startup   the analyzer's reports over the rules' windows (last hour, last day)
 * @param redisDown why the configured Redis does not answer; empty when it does or none is configured
 * @param disks     each agent's disk against its budget and thresholds, when disk is read
 */
public record FleetFacts(
        Instant at,
        List<AgentSnapshot> agents,
        List<StartupWindow> startup,
        List<DrainRecord> drains,
        List<PoolFact> pools,
        Optional<String> redisDown,
        List<DiskFact> disks) {

    public FleetFacts {
        agents = List.copyOf(agents);
        startup = List.copyOf(startup);
        drains = List.copyOf(drains);
        pools = List.copyOf(pools);
        disks = disks == null ? List.of() : List.copyOf(disks);
    }

    /** Facts without disk figures. */
    public FleetFacts(
            Instant at,
            List<AgentSnapshot> agents,
            List<StartupWindow> startup,
            List<DrainRecord> drains,
            List<PoolFact> pools,
            Optional<String> redisDown) {
        this(at, agents, startup, drains, pools, redisDown, List.of());
    }

    /**
     * One agent's disk as judged at this evaluation.
     *
     * @param thresholdPercent the threshold of the verdict's level (warning or critical)
     * @param staleBecause     why the Docker figure is the last one read rather than a fresh one, or {@code null}
     */
    public record DiskFact(String agent, DiskVerdict verdict, double thresholdPercent, String staleBecause) {}

    /** A report over one window of launches, e.g. {@code "1h"} and {@code "24h"}. */
    public record StartupWindow(String name, AnalysisReport report) {}

    /** A staging pool's fill now; {@code refillTime} is how long a refill may take before it counts as short. */
    public record PoolFact(String pool, int ready, int size, Duration refillTime) {
        public boolean isShort() {
            return ready < size;
        }
    }
}
