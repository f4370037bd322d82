package dev.fleetdeck.figures;

import dev.fleetdeck.fleet.AgentDisk;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.DockerDiskUsage;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet reading one process took and left for the others: what {@code fleetdeck agents} prints
 * instead of reading every engine again (as {@code kubectl top} prints metrics-server's figures).
 * The agents keep only their staged sessions (the N+2 headroom drops those first) and their disk
 * use without its per-container layers; every session is counted in {@code sessions}, so a fleet of
 * 25,000 sessions publishes kilobytes a reading, not megabytes.
 *
 * @param publisher who read it: its role and process ({@code keeper root@host pid 42})
 * @param taken     when the reading was taken, by the publisher's clock
 * @param every     how often the publisher refreshes: figures older than two of these are stale
 * @param agents    every agent's snapshot, its sessions reduced to the staged ones
 * @param sessions  every agent's session count, staged included
 */
public record PublishedFleet(
        String publisher, Instant taken, Duration every, List<AgentSnapshot> agents, Map<String, Integer> sessions) {

    public PublishedFleet {
        agents = List.copyOf(agents);
        sessions = Map.copyOf(sessions);
    }

    public static PublishedFleet of(String publisher, Duration every, FleetSnapshot fleet) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<AgentSnapshot> agents = fleet.agents().stream()
                .map(a -> {
                    counts.put(a.name(), a.sessionCount());
                    return a.withSessions(a.sessions().stream()
                                    .filter(Session::waitingInPool)
                                    .toList())
                            .withDisk(withoutLayers(a.disk()));
                })
                .toList();
        return new PublishedFleet(publisher, fleet.taken(), every, agents, counts);
    }

    private static AgentDisk withoutLayers(AgentDisk disk) {
        DockerDiskUsage u = disk.usage();
        return u == null
                ? disk
                : new AgentDisk(
                        new DockerDiskUsage(
                                u.imagesBytes(), u.containersBytes(), u.volumesBytes(), u.buildCacheBytes(), Map.of()),
                        disk.readAt(),
                        disk.problem());
    }

    /** The reading as a snapshot: its figures, staged sessions and admin states as published. */
    public FleetSnapshot snapshot() {
        return new FleetSnapshot(taken, agents);
    }

    /** An agent's sessions, staged included, as the publisher counted them. */
    public int sessionsOf(AgentSnapshot agent) {
        return sessions.getOrDefault(agent.name(), agent.sessionCount());
    }

    /** How old the reading is at {@code now}; never negative (another host's clock may run ahead). */
    public Duration age(Instant now) {
        Duration d = Duration.between(taken, now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** True while the reading is no older than two of its publisher's refreshes. */
    public boolean freshAt(Instant now) {
        return age(now).compareTo(every.multipliedBy(2)) <= 0;
    }
}
