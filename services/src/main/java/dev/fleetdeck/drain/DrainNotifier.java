package dev.fleetdeck.drain;

import dev.fleetdeck.fleet.Session;

/**
 * Tells a session's user that its agent is being drained. Our engine contract has no exec (a
 * message file written into the container), so the console only offers this hook; a platform
 * integration (chat, mail, the workspace's own banner) implements it.
 */
public interface DrainNotifier {

    /** Must not block for long: it runs on the drain's thread. */
    void notify(Session session, String message);

    /** The default: the notice goes to the console's log only, users see nothing. */
    static DrainNotifier logging() {
        System.Logger log = System.getLogger(DrainNotifier.class.getName());
        return (s, message) -> log.log(System.Logger.Level.INFO,
                "drain notice for " + s.user() + " (session " + s.sessionId() + " on " + s.agent() + "): " + message);
    }
}
