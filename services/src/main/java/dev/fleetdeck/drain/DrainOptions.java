package dev.fleetdeck.drain;

import java.time.Duration;
import java.util.List;

/**
 * How one drain runs.
 *
 * @param deadline   how long sessions may keep running; {@code null} = wait forever
 * @param grace      SIGTERM-to-SIGKILL time of each stop at the deadline
 * @param force      drain even when the zone's load would not fit with headroom afterwards
 * @param hook       maintenance command run once drained (empty = none)
 * @param hookLimit  the hook is killed after this long
 * @param reenableAfterHook enable the agent when the hook succeeds; else it waits for an operator
 */
public record DrainOptions(Duration deadline, AtDeadline atDeadline, Duration grace, boolean force,
                           List<String> hook, Duration hookLimit, boolean reenableAfterHook) {

    public DrainOptions {
        if (deadline != null && deadline.isNegative()) {
            throw new IllegalArgumentException("a deadline cannot be negative");
        }
        atDeadline = atDeadline == null ? AtDeadline.WAIT : atDeadline;
        grace = grace == null ? Duration.ofSeconds(30) : grace;
        hook = hook == null ? List.of() : List.copyOf(hook);
        hookLimit = hookLimit == null ? Duration.ofMinutes(30) : hookLimit;
    }

    /** No deadline, no hook, no force: wait for every session to end on its own. */
    public static DrainOptions waitForever() {
        return new DrainOptions(null, AtDeadline.WAIT, null, false, List.of(), null, false);
    }

    public DrainOptions withDeadline(Duration d, AtDeadline at) {
        return new DrainOptions(d, at, grace, force, hook, hookLimit, reenableAfterHook);
    }

    public DrainOptions withGrace(Duration g) {
        return new DrainOptions(deadline, atDeadline, g, force, hook, hookLimit, reenableAfterHook);
    }

    public DrainOptions withForce(boolean f) {
        return new DrainOptions(deadline, atDeadline, grace, f, hook, hookLimit, reenableAfterHook);
    }

    public DrainOptions withHook(List<String> command, Duration limit, boolean reenable) {
        return new DrainOptions(deadline, atDeadline, grace, force, command, limit, reenable);
    }
}
