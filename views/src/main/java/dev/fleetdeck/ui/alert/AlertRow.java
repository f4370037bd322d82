package dev.fleetdeck.ui.alert;

import java.util.List;

/** One firing alert as the Alerts page lists it: what, since when, and where it was delivered. */
public record AlertRow(
        String severity, String key, String summary, String since, String delivery, List<String> recommendations) {

    public AlertRow {
        recommendations = List.copyOf(recommendations);
    }
}
