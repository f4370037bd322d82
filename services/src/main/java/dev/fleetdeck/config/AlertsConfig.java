package dev.fleetdeck.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code alerts:} section: which rules fire when, and where their alerts go.
 *
 * @param offlineAfter        refreshes an agent must be offline before "agent offline" fires
 * @param avgWarningMs        the startup guide's warning: average startup over this (70 s)
 * @param failureRateCritical the startup guide's critical: more than this share of launches fail (0.10)
 * @param checkEvery          how often the startup rules re-read the records (the guide: hourly)
 */
public record AlertsConfig(
        List<Webhook> webhooks,
        Optional<URI> alertmanager,
        int offlineAfter,
        long avgWarningMs,
        double failureRateCritical,
        Duration checkEvery) {

    public AlertsConfig {
        webhooks = List.copyOf(webhooks);
    }

    /** Rules on, nowhere to send: the window and {@code fleetdeck alerts} still show them. */
    public static AlertsConfig defaults() {
        return new AlertsConfig(List.of(), Optional.empty(), 3, 70_000, 0.10, Duration.ofMinutes(5));
    }

    public boolean delivers() {
        return !webhooks.isEmpty() || alertmanager.isPresent();
    }

    /** A webhook: its URL and the headers sent with every delivery (values may be secrets). */
    public record Webhook(URI url, Map<String, Secret> headers) {
        public Webhook {
            headers = Map.copyOf(headers);
        }

        @Override
        public String toString() {
            return "Webhook[" + url + ", headers=" + headers.keySet() + "]";
        }
    }
}
