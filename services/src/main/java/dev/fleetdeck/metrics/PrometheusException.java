package dev.fleetdeck.metrics;

/** Prometheus did not give a usable answer; the message says why and what to check. */
public final class PrometheusException extends Exception {
    public PrometheusException(String message) {
        super(message);
    }
}
