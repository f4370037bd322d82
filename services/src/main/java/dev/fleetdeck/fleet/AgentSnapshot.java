package dev.fleetdeck.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything known about one agent after one refresh. Immutable: monitors publish a new one each
 * time, views never see one change under them.
 *
 * @param cpus              the engine's real CPUs ({@code 0} until first answer)
 * @param capacityCpus      cores sessions may allocate: override if set, else {@code cpus}
 * @param capacityMemBytes  RAM sessions may allocate: override if set, else {@code memTotalBytes}
 * @param usedCpus          CPUs really in use, summed over running containers (1.0 = one CPU)
 * @param memUsedBytes      memory really in use, summed over running containers
 * @param allocatedCpus     cores the sessions' workspaces reserve
 * @param allocatedMemBytes RAM the sessions' workspaces reserve
 * @param stagedSessions    of {@code sessions}, those waiting in a staging pool (counted by the
 *                          monitor, so a view reads a field rather than walking the list)
 * @param lastRefresh       when the agent last answered a full refresh, or {@code null}
 * @param error             why the last refresh failed, or {@code null}
 * @param admin             who took the agent out of placement, why and since when, as read at
 *                          this refresh from the shared store; {@code null} when enabled
 * @param host              the host's own figures from node-exporter, or why Docker's stand in
 *                          (attached by {@link FleetMonitor} from its fleet-wide source)
 * @param disk              the agent's last {@code /system/df} reading, read every few minutes
 *                          off the refresh path (attached by {@link FleetMonitor})
 */
public record AgentSnapshot(
        String name,
        String zone,
        AgentState state,
        String dockerVersion,
        int cpus,
        long memTotalBytes,
        double capacityCpus,
        long capacityMemBytes,
        double usedCpus,
        long memUsedBytes,
        double allocatedCpus,
        long allocatedMemBytes,
        int containersRunning,
        List<Session> sessions,
        int stagedSessions,
        Duration ping,
        Instant lastRefresh,
        String error,
        AdminEntry admin,
        HostMetrics host,
        AgentDisk disk) {

    /** {@code null} host and disk mean none yet: the fleet monitor attaches them to what an agent's monitor made. */
    public AgentSnapshot {
        // Immutable, and what the staged sessions hold summed once (see SessionList).
        sessions = SessionList.of(sessions);
        host = host == null ? HostMetrics.NOT_CONFIGURED : host;
        disk = disk == null ? AgentDisk.NOT_READ : disk;
    }

    public static AgentSnapshot connecting(String name, String zone) {
        return new AgentSnapshot(
                name,
                zone,
                AgentState.CONNECTING,
                null,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                List.of(),
                0,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public boolean online() {
        return state != AgentState.OFFLINE && state != AgentState.CONNECTING;
    }

    /** Actual CPU use as a share of the real CPUs, 0..100. */
    public double cpuPercent() {
        return cpus <= 0 ? 0 : Math.min(100.0, usedCpus / cpus * 100.0);
    }

    /** Actual memory use as a share of the real memory, 0..100. */
    public double memPercent() {
        return memTotalBytes <= 0 ? 0 : Math.min(100.0, memUsedBytes * 100.0 / memTotalBytes);
    }

    /**
     * The RAM share warnings go by: the host's when node-exporter reports it (the OS, dockerd and
     * every other process count), else the containers' sum against the engine's total.
     */
    public double ramPercentForWarnings() {
        return host.known() ? host.figures().memPercent() : memPercent();
    }

    /** The CPU share of the whole host when known, else the containers' sum. */
    public double hostOrContainersCpuPercent() {
        return host.known() ? Math.min(100.0, host.figures().cpuPercent()) : cpuPercent();
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** Sessions that belong to users: all of them but those waiting in a staging pool. */
    public int userSessionCount() {
        return sessions.size() - stagedSessions;
    }

    /** Cores held by sessions waiting in a staging pool: load that can be dropped first (nobody uses it). */
    public double stagedCpus() {
        return ((SessionList) sessions).stagedCpus();
    }

    /** RAM held by sessions waiting in a staging pool. */
    public long stagedMemBytes() {
        return ((SessionList) sessions).stagedMemBytes();
    }

    /** The same snapshot in another state, e.g. offline with the last known figures. */
    public AgentSnapshot withState(AgentState newState, String newError) {
        return copy(newState, newError, admin, sessions, host, disk);
    }

    /** The same figures with the admin state read again (an offline agent can be cordoned too). */
    public AgentSnapshot withAdmin(AgentState adminState, AdminEntry newAdmin) {
        return copy(online() ? adminState : state, error, newAdmin, sessions, host, disk);
    }

    /** The same snapshot with the host's figures as the fleet-wide source last read them. */
    public AgentSnapshot withHost(HostMetrics newHost) {
        return copy(state, error, admin, sessions, newHost, disk);
    }

    /** The same snapshot with the disk watch's latest reading. */
    public AgentSnapshot withDisk(AgentDisk newDisk) {
        return copy(state, error, admin, sessions, host, newDisk);
    }

    /** The same snapshot with other sessions (a published reading keeps only the staged ones). */
    public AgentSnapshot withSessions(List<Session> newSessions) {
        return copy(state, error, admin, newSessions, host, disk);
    }

    /** The one copy the {@code with…} methods make: the engine's own figures always carried over. */
    private AgentSnapshot copy(
            AgentState newState,
            String newError,
            AdminEntry newAdmin,
            List<Session> newSessions,
            HostMetrics newHost,
            AgentDisk newDisk) {
        return new AgentSnapshot(
                name,
                zone,
                newState,
                dockerVersion,
                cpus,
                memTotalBytes,
                capacityCpus,
                capacityMemBytes,
                usedCpus,
                memUsedBytes,
                allocatedCpus,
                allocatedMemBytes,
                containersRunning,
                newSessions,
                stagedSessions,
                ping,
                lastRefresh,
                newError,
                newAdmin,
                newHost,
                newDisk);
    }
}
