package dev.fleetdeck.launch;

/** Progress of one launch, as it happens: for dialogs and the live timeline. */
public record LaunchEvent(String sessionId, Phase phase, String agent, String message, long offsetMs) {

    /** The pipeline's phases in order; FINISHED carries the outcome in {@code message}. */
    public enum Phase {
        QUOTA,
        PLACEMENT,
        CREATE,
        READINESS,
        FINISHED
    }
}
