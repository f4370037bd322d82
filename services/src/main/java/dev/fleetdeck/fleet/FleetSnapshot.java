package dev.fleetdeck.fleet;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** All agents at one moment, with the fleet totals the header shows. */
public record FleetSnapshot(Instant taken, List<AgentSnapshot> agents) {

    public FleetSnapshot {
        agents = List.copyOf(agents);
    }

    public Stream<Session> sessions() {
        return agents.stream().flatMap(a -> a.sessions().stream());
    }

    public int sessionCount() {
        return agents.stream().mapToInt(AgentSnapshot::sessionCount).sum();
    }

    /** Sessions waiting in staging pools, included in {@link #sessionCount()}. */
    public int stagedSessions() {
        return agents.stream().mapToInt(AgentSnapshot::stagedSessions).sum();
    }

    public long online() {
        return agents.stream().filter(AgentSnapshot::online).count();
    }

    public double capacityCpus() {
        return agents.stream()
                .filter(AgentSnapshot::online)
                .mapToDouble(AgentSnapshot::capacityCpus)
                .sum();
    }

    public long capacityMemBytes() {
        return agents.stream()
                .filter(AgentSnapshot::online)
                .mapToLong(AgentSnapshot::capacityMemBytes)
                .sum();
    }

    public double allocatedCpus() {
        return agents.stream().mapToDouble(AgentSnapshot::allocatedCpus).sum();
    }

    public long allocatedMemBytes() {
        return agents.stream().mapToLong(AgentSnapshot::allocatedMemBytes).sum();
    }

    public double usedCpus() {
        return agents.stream().mapToDouble(AgentSnapshot::usedCpus).sum();
    }

    public long memUsedBytes() {
        return agents.stream().mapToLong(AgentSnapshot::memUsedBytes).sum();
    }

    public int cpus() {
        return agents.stream()
                .filter(AgentSnapshot::online)
                .mapToInt(AgentSnapshot::cpus)
                .sum();
    }

    public long memTotalBytes() {
        return agents.stream()
                .filter(AgentSnapshot::online)
                .mapToLong(AgentSnapshot::memTotalBytes)
                .sum();
    }

    /**
     * The sizing guide's N+2 rule: does the load still fit after losing the two largest online
     * agents? Load is what sessions have allocated now.
     */
    public Headroom nPlusTwo() {
        List<AgentSnapshot> online =
                agents.stream().filter(AgentSnapshot::online).toList();
        double lostCpus = online.stream()
                .map(AgentSnapshot::capacityCpus)
                .sorted(Comparator.reverseOrder())
                .limit(2)
                .mapToDouble(Double::doubleValue)
                .sum();
        long lostMem = online.stream()
                .map(AgentSnapshot::capacityMemBytes)
                .sorted(Comparator.reverseOrder())
                .limit(2)
                .mapToLong(Long::longValue)
                .sum();
        // Staged sessions are dropped first when agents are lost: they are nobody's load yet.
        double staged = agents.stream().mapToDouble(AgentSnapshot::stagedCpus).sum();
        long stagedMem =
                agents.stream().mapToLong(AgentSnapshot::stagedMemBytes).sum();
        double spareCpus = capacityCpus() - lostCpus - (allocatedCpus() - staged);
        long spareMem = capacityMemBytes() - lostMem - (allocatedMemBytes() - stagedMem);
        return new Headroom(spareCpus, spareMem, spareCpus >= 0 && spareMem >= 0);
    }

    /** What is left after losing the two largest agents; negative = does not fit. */
    public record Headroom(double spareCpus, long spareMemBytes, boolean survives) {}
}
