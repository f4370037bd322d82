package dev.fleetdeck.fleet;

/**
 * The labels that make a container a Fleetdeck session. The launcher sets them; monitors and
 * drains recognise sessions by them and by nothing else.
 */
public final class SessionLabels {
    public static final String PREFIX = "fleetdeck.";
    public static final String SESSION = PREFIX + "session";
    public static final String USER = PREFIX + "user";
    public static final String WORKSPACE = PREFIX + "workspace";
    public static final String CORES = PREFIX + "cores";
    public static final String MEMORY = PREFIX + "memory";
    public static final String ZONE = PREFIX + "zone";
    /** "true" on a session made ahead for a staging pool; Docker cannot relabel it once claimed. */
    public static final String STAGED = PREFIX + "staged";

    private SessionLabels() {}
}
