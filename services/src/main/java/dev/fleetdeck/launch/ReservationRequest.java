package dev.fleetdeck.launch;

import dev.fleetdeck.fleet.AgentSnapshot;
import java.util.Set;

/**
 * What placement asks the shared store for: a session's cores and memory on an agent, checked
 * against the agent's capacity and allocation as this process last saw them. Reservations of
 * sessions already in that snapshot ({@code counted}) are in its allocation, so they are not
 * added twice.
 */
public record ReservationRequest(
        String id,
        String agent,
        String sessionId,
        double cores,
        long memoryBytes,
        double allocatedCpus,
        long allocatedMemBytes,
        double capacityCpus,
        long capacityMemBytes,
        Set<String> counted,
        String owner,
        long ttlMillis) {

    public static ReservationRequest of(
            String id,
            AgentSnapshot a,
            String sessionId,
            double cores,
            long memoryBytes,
            String owner,
            long ttlMillis) {
        return new ReservationRequest(
                id,
                a.name(),
                sessionId,
                cores,
                memoryBytes,
                a.allocatedCpus(),
                a.allocatedMemBytes(),
                a.capacityCpus(),
                a.capacityMemBytes(),
                counted(a),
                owner,
                ttlMillis);
    }

    /** The sessions an agent's snapshot already counts in its allocation. */
    public static Set<String> counted(AgentSnapshot a) {
        return Set.copyOf(a.sessions().stream().map(s -> s.sessionId()).toList());
    }
}
