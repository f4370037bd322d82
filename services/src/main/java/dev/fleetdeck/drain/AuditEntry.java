package dev.fleetdeck.drain;

import java.time.Instant;

/**
 * One line of the audit log.
 *
 * @param operator who acted ({@link Operator#id()}): a drain's own steps carry its starter
 * @param outcome  {@code ok}, {@code refused}, {@code failed}, ...
 */
public record AuditEntry(
        Instant time, String operator, AuditAction action, String agent, String outcome, String detail) {}
