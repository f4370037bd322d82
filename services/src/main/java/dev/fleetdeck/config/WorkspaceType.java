package dev.fleetdeck.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A workspace type of the catalog: what a session of it runs and reserves.
 *
 * @param poolSize    ready, unassigned sessions of this type to keep staged (0 = no staging pool)
 * @param poolMaxAge  a staged session older than this is replaced by a fresh one
 * @param poolSizeByZone where zones differ: ready sessions per zone (zones not listed keep none);
 *                    empty = {@code poolSize} in every zone
 * @param diskPerSessionBytes what a session's writable layer may grow to, for the sizing guide's disk
 *                    budget (80 GB + sessions × this); 0 = not stated, the type adds nothing to it
 * @param recording   sessions of this type are recorded: the sizing guide counts one more core for each
 * @param notice      the command run inside a session's container to tell its user something (a
 *                    drain's notices), {@value #MESSAGE} standing for the text; empty = users of
 *                    this type cannot be told
 */
public record WorkspaceType(
        String name,
        String image,
        double cores,
        long memoryBytes,
        CpuAllocation cpuAllocation,
        int targetSeconds,
        int poolSize,
        Duration poolMaxAge,
        Map<String, Integer> poolSizeByZone,
        long diskPerSessionBytes,
        boolean recording,
        List<String> notice) {

    public static final Duration DEFAULT_POOL_MAX_AGE = Duration.ofHours(1);
    /** Where a notice command takes the message. */
    public static final String MESSAGE = "{message}";

    public WorkspaceType {
        poolMaxAge = poolMaxAge == null ? DEFAULT_POOL_MAX_AGE : poolMaxAge;
        poolSizeByZone = poolSizeByZone == null ? Map.of() : Map.copyOf(poolSizeByZone);
        notice = notice == null ? List.of() : List.copyOf(notice);
    }

    public WorkspaceType(
            String name,
            String image,
            double cores,
            long memoryBytes,
            CpuAllocation cpuAllocation,
            int targetSeconds,
            int poolSize,
            Duration poolMaxAge,
            Map<String, Integer> poolSizeByZone,
            long diskPerSessionBytes) {
        this(
                name,
                image,
                cores,
                memoryBytes,
                cpuAllocation,
                targetSeconds,
                poolSize,
                poolMaxAge,
                poolSizeByZone,
                diskPerSessionBytes,
                false,
                List.of());
    }

    public WorkspaceType(
            String name,
            String image,
            double cores,
            long memoryBytes,
            CpuAllocation cpuAllocation,
            int targetSeconds,
            int poolSize,
            Duration poolMaxAge,
            Map<String, Integer> poolSizeByZone) {
        this(
                name,
                image,
                cores,
                memoryBytes,
                cpuAllocation,
                targetSeconds,
                poolSize,
                poolMaxAge,
                poolSizeByZone,
                0,
                false,
                List.of());
    }

    public WorkspaceType(
            String name,
            String image,
            double cores,
            long memoryBytes,
            CpuAllocation cpuAllocation,
            int targetSeconds,
            int poolSize,
            Duration poolMaxAge) {
        this(name, image, cores, memoryBytes, cpuAllocation, targetSeconds, poolSize, poolMaxAge, Map.of());
    }

    public WorkspaceType(
            String name, String image, double cores, long memoryBytes, CpuAllocation cpuAllocation, int targetSeconds) {
        this(name, image, cores, memoryBytes, cpuAllocation, targetSeconds, 0, DEFAULT_POOL_MAX_AGE);
    }

    /** The same type with this notice command. */
    public WorkspaceType withNotice(List<String> command) {
        return new WorkspaceType(
                name,
                image,
                cores,
                memoryBytes,
                cpuAllocation,
                targetSeconds,
                poolSize,
                poolMaxAge,
                poolSizeByZone,
                diskPerSessionBytes,
                recording,
                command);
    }

    /** The notice command with the message in place of {@value #MESSAGE}; empty when there is none. */
    public List<String> noticeCommand(String message) {
        return notice.stream().map(arg -> arg.replace(MESSAGE, message)).toList();
    }

    /** Cores the sizing guide counts per session: the workspace's, plus one when it records. */
    public double sizingCores() {
        return cores + (recording ? 1 : 0);
    }

    /** Ready sessions of this type to keep staged in {@code zone}. */
    public int poolSizeIn(String zone) {
        return poolSizeByZone.isEmpty() ? poolSize : poolSizeByZone.getOrDefault(zone, 0);
    }

    /** Whether any zone keeps a staging pool of this type. */
    public boolean pooled() {
        return poolSize > 0 || poolSizeByZone.values().stream().anyMatch(n -> n > 0);
    }
}
