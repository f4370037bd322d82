package dev.fleetdeck.drain;

/** What a drain does when its deadline passes with sessions still running. */
public enum AtDeadline {
    /** Stop the remaining sessions gracefully (SIGTERM, then SIGKILL after the grace period). */
    STOP,
    /** Keep waiting and raise an alert: nobody's session is cut. */
    WAIT
}
