package dev.fleetdeck.fleet;

/**
 * Who owns a session when its labels cannot say: a staged session is labelled "(staged)" when it
 * is made, and Docker cannot change a container's labels once a launch claims it for a user.
 */
@FunctionalInterface
public interface SessionOwners {

    /** Every session's owner is its user label. */
    SessionOwners LABELS = sessionId -> null;

    /** The user who owns this session, or {@code null} when its user label is right. */
    String ownerOf(String sessionId);
}
