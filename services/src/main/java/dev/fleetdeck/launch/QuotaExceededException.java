package dev.fleetdeck.launch;

/** A launch refused before anything was created: the user has as many sessions as allowed. */
public final class QuotaExceededException extends Exception {
    private final String user;
    private final long sessions;
    private final int max;

    public QuotaExceededException(String user, long sessions, int max) {
        super("user '" + user + "' already has " + sessions + " of " + max
                + " allowed sessions: end one first, or raise settings.maxSessionsPerUser");
        this.user = user;
        this.sessions = sessions;
        this.max = max;
    }

    public String user() {
        return user;
    }

    public long sessions() {
        return sessions;
    }

    public int max() {
        return max;
    }
}
