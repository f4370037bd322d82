package dev.fleetdeck.testbed;

import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.FleetMonitor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waiting for a monitored agent to reach a state, as the fault tests on the test bed do. */
public final class AgentStates {
    private AgentStates() {}

    /** Returns once the agent's last snapshot is in {@code state}; fails with that snapshot after {@code limit}. */
    public static void await(FleetMonitor fleet, String agent, AgentState state, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (fleet.agent(agent).last().state() == state) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError(agent + " did not become " + state + " within " + limit + "; last: "
                + fleet.agent(agent).last());
    }
}
