package dev.fleetdeck.drain;

/** What an operator did, as the audit log names it. */
public enum AuditAction {
    CORDON,
    DRAIN,
    FORCE,
    STOP,
    CANCEL,
    ENABLE,
    HOOK,
    ROLLING_DRAIN
}
