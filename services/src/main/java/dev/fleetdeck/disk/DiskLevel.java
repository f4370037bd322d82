package dev.fleetdeck.disk;

/** How full an agent's disk is against its thresholds. */
public enum DiskLevel {
    /** Nothing read yet: no figure to judge. */
    UNKNOWN,
    OK,
    WARNING,
    CRITICAL;

    /** The CSS word the views colour by, as for RAM ({@code ok}, {@code warn}, {@code critical}). */
    public String style() {
        return switch (this) {
            case UNKNOWN, OK -> "ok";
            case WARNING -> "warn";
            case CRITICAL -> "critical";
        };
    }
}
