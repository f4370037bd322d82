package dev.fleetdeck.fleet;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.WorkspaceType;

/**
 * What an agent offers for sizing, per the sizing guide ("Agent Settings allow the administrator
 * to override how many CPUs and RAM [are used] to calculate how many sessions an agent can take"):
 * the real CPUs and RAM, each replaced by its override when the override is above zero.
 *
 * <p>Cores are held in milli-cores and RAM in bytes so that 2 cores, 0.5 cores and 1.5 GiB divide
 * exactly; doubles would turn 0.3 + 0.3 + 0.3 into 0.8999... and lose a session to floor().
 *
 * @param milliCores capacity in thousandths of a core
 * @param ramBytes   capacity in bytes
 */
public record Capacity(long milliCores, long ramBytes) {

    public Capacity {
        if (milliCores < 0 || ramBytes < 0) {
            throw new IllegalArgumentException("capacity cannot be negative");
        }
    }

    /**
     * @param cpuOverride cores to use instead of {@code realCpus}; 0 = none
     * @param ramOverride bytes to use instead of {@code realRamBytes}; 0 = none
     */
    public static Capacity of(int realCpus, long realRamBytes, double cpuOverride, long ramOverride) {
        long milli = cpuOverride > 0 ? milliCores(cpuOverride) : realCpus * 1000L;
        long ram = ramOverride > 0 ? ramOverride : realRamBytes;
        return new Capacity(milli, ram);
    }

    /** The agent's capacity from what its engine reports and what its configuration overrides. */
    public static Capacity of(EngineInfo engine, AgentConfig agent) {
        return of(engine.cpus(), engine.memTotalBytes(), agent.cpuOverride(), agent.ramOverride());
    }

    /** Cores as milli-cores, rounded to the nearest: Docker's own CPU resolution is finer, ours need not be. */
    public static long milliCores(double cores) {
        return Math.round(cores * 1000);
    }

    /** Sessions of {@code workspace} an empty agent can take. */
    public CapacityResult sessionsFor(WorkspaceType workspace) {
        return sessionsFor(workspace.cores(), workspace.memoryBytes(), 0, 0);
    }

    /** Sessions of {@code workspace} the agent can still take beside what running sessions allocate. */
    public CapacityResult sessionsFor(WorkspaceType workspace, long allocatedMilliCores, long allocatedRamBytes) {
        return sessionsFor(workspace.cores(), workspace.memoryBytes(), allocatedMilliCores, allocatedRamBytes);
    }

    public CapacityResult sessionsFor(double workspaceCores, long workspaceRamBytes) {
        return sessionsFor(workspaceCores, workspaceRamBytes, 0, 0);
    }

    /**
     * {@code min(floor(cpuLeft / wsCores), floor(ramLeft / wsRam))}, where "left" is the capacity
     * minus what running sessions allocate (never below zero: an oversubscribed agent takes none).
     * On a tie the result says {@code "cpu"}.
     *
     * @param allocatedMilliCores cores (× 1000) running sessions already reserve on this agent
     * @param allocatedRamBytes   RAM running sessions already reserve on this agent
     */
    public CapacityResult sessionsFor(
            double workspaceCores, long workspaceRamBytes, long allocatedMilliCores, long allocatedRamBytes) {
        long wsMilli = milliCores(workspaceCores);
        if (wsMilli <= 0 || workspaceRamBytes <= 0) {
            throw new IllegalArgumentException("a workspace must reserve some CPU (at least 0.001 cores) and some RAM");
        }
        if (allocatedMilliCores < 0 || allocatedRamBytes < 0) {
            throw new IllegalArgumentException("allocated resources cannot be negative");
        }
        long cpuLeft = Math.max(0, milliCores - allocatedMilliCores);
        long ramLeft = Math.max(0, ramBytes - allocatedRamBytes);
        int byCpu = clamp(cpuLeft / wsMilli);
        int byRam = clamp(ramLeft / workspaceRamBytes);
        return byRam < byCpu
                ? new CapacityResult(byRam, CapacityResult.RAM, byCpu, byRam)
                : new CapacityResult(byCpu, CapacityResult.CPU, byCpu, byRam);
    }

    private static int clamp(long sessions) {
        return (int) Math.min(Integer.MAX_VALUE, sessions);
    }
}
