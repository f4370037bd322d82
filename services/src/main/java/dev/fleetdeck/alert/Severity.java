package dev.fleetdeck.alert;

import java.util.Locale;

/** How urgent an alert is; Alertmanager and webhooks get it as the {@code severity} label. */
public enum Severity {
    WARNING,
    CRITICAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
