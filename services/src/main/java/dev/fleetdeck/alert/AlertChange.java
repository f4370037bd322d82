package dev.fleetdeck.alert;

import java.time.Instant;

/**
 * An alert that began or ended: what is delivered. {@code since} is when it began firing, {@code at}
 * when this change happened (equal for a firing one).
 */
public record AlertChange(Alert alert, Status status, Instant since, Instant at) {

    public enum Status {
        FIRING,
        RESOLVED;

        public String json() {
            return this == FIRING ? "firing" : "resolved";
        }
    }
}
