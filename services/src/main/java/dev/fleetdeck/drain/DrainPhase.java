package dev.fleetdeck.drain;

/**
 * Where a drain of one agent stands. Every phase but {@link #ENABLED} keeps the agent out of
 * placement; {@link #isActive()} phases are the ones a restarted console resumes.
 */
public enum DrainPhase {
    /** Cordoned by an operator, no drain running: sessions stay. */
    CORDONED,
    /** Cordoned and waiting for the sessions to end. */
    DRAINING,
    /** The deadline passed with {@link AtDeadline#STOP}: stopping the rest. */
    STOPPING,
    /** No sessions left: cordoned, ready for maintenance. */
    DRAINED,
    /** The maintenance hook runs. */
    MAINTENANCE,
    /** A step failed (hook, engine): the agent stays cordoned until an operator enables it. */
    FAILED,
    /** Back in rotation (enabled, or a drain cancelled): nothing to restore. */
    ENABLED;

    /** Phases that need a console watching them. */
    public boolean isActive() {
        return this == DRAINING || this == STOPPING || this == MAINTENANCE;
    }

    public String label() {
        return switch (this) {
            case CORDONED -> "cordoned";
            case DRAINING -> "draining";
            case STOPPING -> "stopping sessions";
            case DRAINED -> "drained — ready for maintenance";
            case MAINTENANCE -> "maintenance hook running";
            case FAILED -> "failed — still cordoned";
            case ENABLED -> "enabled";
        };
    }
}
