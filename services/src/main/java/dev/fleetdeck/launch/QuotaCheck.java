package dev.fleetdeck.launch;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.SessionLabels;
import java.util.OptionalLong;

/**
 * Phase 1 of a launch: does the user have room for another session? The answer reserves the
 * room at once (the cached count goes up), so concurrent launches of one user cannot overshoot.
 */
public final class QuotaCheck {
    private final QuotaCache cache;
    private final FleetMonitor fleet;
    private final int maxPerUser;

    public QuotaCheck(QuotaCache cache, FleetMonitor fleet, int maxPerUser) {
        this.cache = cache;
        this.fleet = fleet;
        this.maxPerUser = maxPerUser;
    }

    /** Reserves one session for {@code user}, or refuses. */
    public void reserve(String user) throws QuotaExceededException {
        OptionalLong cached = cache.addIfPresent(user, 1);
        long now = cached.isPresent() ? cached.getAsLong() : cache.initAndAdd(user, countLive(user), 1);
        if (now > maxPerUser) {
            cache.release(user);
            throw new QuotaExceededException(user, now - 1, maxPerUser);
        }
    }

    /** Gives a reservation back: the launch it was for did not produce a session. */
    public void release(String user) {
        cache.release(user);
    }

    /** A session of the user ended: the next check counts again. */
    public void forget(String user) {
        cache.invalidate(user);
    }

    /**
     * Counts the user's sessions on every agent that answers. An agent that does not answer
     * cannot be counted; its sessions are missed rather than blocking every launch.
     */
    long countLive(String user) {
        long n = 0;
        for (AgentMonitor m : fleet.agents()) {
            try {
                for (ContainerSummary c : m.engine().listContainers(true)) {
                    if (user.equals(c.labels().get(SessionLabels.USER))
                            && c.labels().containsKey(SessionLabels.SESSION)
                            && !"exited".equals(c.state())
                            && !"dead".equals(c.state())) {
                        n++;
                    }
                }
            } catch (AgentEngine.EngineException e) {
                // counted as zero: see above
            }
        }
        return n;
    }
}
