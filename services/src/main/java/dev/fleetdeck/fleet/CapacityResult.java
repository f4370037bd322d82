package dev.fleetdeck.fleet;

/**
 * How many more sessions of one workspace an agent can take, and which resource runs out first.
 *
 * @param sessions    {@code min(cpuSessions, ramSessions)}
 * @param limitedBy   {@link #CPU} or {@link #RAM}; {@link #CPU} on a tie
 * @param cpuSessions sessions the CPU capacity alone allows
 * @param ramSessions sessions the RAM capacity alone allows
 */
public record CapacityResult(int sessions, String limitedBy, int cpuSessions, int ramSessions) {

    public static final String CPU = "cpu";
    public static final String RAM = "ram";
}
