package dev.fleetdeck.history;

import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.HostFigures;
import dev.fleetdeck.fleet.Session;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one refresh saw of one agent, as the history keeps it: the host (node-exporter, when
 * known), the containers' sum and the users' sessions by workspace type.
 *
 * @param hostCpuPercent   busy share of the host's CPUs, 0..100; NaN when the host is not known
 * @param hostMemUsedBytes MemTotal − MemAvailable; 0 when not known
 * @param hostMemTotalBytes MemTotal; 0 when not known
 * @param cpuPercent       the containers' CPU as a share of the engine's CPUs, 0..100
 * @param memUsedBytes     the containers' memory
 * @param memTotalBytes    the engine's memory
 * @param cpus             the engine's CPUs
 * @param sessions         users' sessions (staged ones wait for nobody and are left out)
 * @param byType           users' sessions by workspace type, with what they used together
 */
public record HostSample(
        String agent,
        Instant at,
        double hostCpuPercent,
        long hostMemUsedBytes,
        long hostMemTotalBytes,
        double cpuPercent,
        long memUsedBytes,
        long memTotalBytes,
        int cpus,
        int sessions,
        Map<String, TypeUse> byType) {

    /** The sessions of one type at one refresh: how many, and what they used together. */
    public record TypeUse(int sessions, double cpuCores, long memUsedBytes) {}

    public HostSample {
        byType = Map.copyOf(byType);
    }

    public boolean hostKnown() {
        return hostMemTotalBytes > 0;
    }

    /** The sample an online agent's snapshot gives. */
    public static HostSample of(AgentSnapshot a) {
        Map<String, TypeUse> byType = new TreeMap<>();
        for (Session s : a.sessions()) {
            if (s.waitingInPool()) {
                continue;
            }
            // docker stats: 100 % is one CPU.
            byType.merge(
                    s.workspaceType(),
                    new TypeUse(1, s.cpuPercent() / 100.0, s.memUsedBytes()),
                    (x, y) -> new TypeUse(
                            x.sessions() + y.sessions(),
                            x.cpuCores() + y.cpuCores(),
                            x.memUsedBytes() + y.memUsedBytes()));
        }
        HostFigures h = a.host().figures();
        return new HostSample(
                a.name(),
                a.lastRefresh(),
                h == null ? Double.NaN : h.cpuPercent(),
                h == null ? 0 : h.memUsedBytes(),
                h == null ? 0 : h.memTotalBytes(),
                a.cpuPercent(),
                a.memUsedBytes(),
                a.memTotalBytes(),
                a.cpus(),
                a.userSessionCount(),
                byType);
    }
}
