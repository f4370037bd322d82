package dev.fleetdeck.fleet;

import java.time.Instant;

/**
 * The last {@code /system/df} reading of an agent, read every few minutes off the refresh path,
 * and why the latest attempt gave nothing new when it did not.
 *
 * @param usage   the last figures read, or {@code null} when none was ever read
 * @param readAt  when {@code usage} was read, or {@code null}
 * @param problem why the latest read failed (the figures, if any, are then stale), or {@code null}
 */
public record AgentDisk(DockerDiskUsage usage, Instant readAt, String problem) {

    /** No reading of this agent is wanted (no disk watch) or none has finished yet. */
    public static final AgentDisk NOT_READ = new AgentDisk(null, null, null);

    public AgentDisk {
        if ((usage == null) != (readAt == null)) {
            throw new IllegalArgumentException("a reading has figures and a time, or neither");
        }
    }

    public static AgentDisk read(DockerDiskUsage usage, Instant at) {
        return new AgentDisk(usage, at, null);
    }

    /** The same last figures (if any), now marked stale because of {@code why}. */
    public AgentDisk failed(String why) {
        return new AgentDisk(usage, readAt, why);
    }

    public boolean known() {
        return usage != null;
    }

    /** Figures that the latest read could not renew. */
    public boolean stale() {
        return usage != null && problem != null;
    }
}
