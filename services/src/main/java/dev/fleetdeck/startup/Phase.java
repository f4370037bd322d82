package dev.fleetdeck.startup;

import java.util.Locale;

/** The timed phases of a launch, in the order they run. */
public enum Phase {
    QUOTA_CHECK("quotaCheck", "quota check"),
    PLACEMENT("placement", "placement"),
    SESSION_CREATE("sessionCreate", "session creation"),
    MONITORING("monitoring", "monitoring");

    private final String key;
    private final String label;

    Phase(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The key in the JSON export. */
    public String key() {
        return key;
    }

    /** The name a person reads. */
    public String label() {
        return label;
    }

    public long durationOf(StartupRecord.Performance p) {
        return switch (this) {
            case QUOTA_CHECK -> p.quotaCheckDurationMs();
            case PLACEMENT -> p.placementDurationMs();
            case SESSION_CREATE -> p.sessionCreateDurationMs();
            case MONITORING -> p.monitoringDurationMs();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
