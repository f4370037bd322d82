package dev.fleetdeck.drain;

import java.time.Duration;
import java.util.Comparator;
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
 * @param message    what users are told (Nomad's drain {@code -m}); {@code null} = the standard text
 * @param noticesBefore when before the deadline users are told again, besides at the start and when
 *                   their session is stopped; {@code null} = {@link #DEFAULT_NOTICES_BEFORE}
 */
public record DrainOptions(
        Duration deadline,
        AtDeadline atDeadline,
        Duration grace,
        boolean force,
        List<String> hook,
        Duration hookLimit,
        boolean reenableAfterHook,
        String message,
        List<Duration> noticesBefore) {

    /** Ten minutes to save work, and a last minute: what desktop platforms' log-off warnings give. */
    public static final List<Duration> DEFAULT_NOTICES_BEFORE = List.of(Duration.ofMinutes(10), Duration.ofMinutes(1));

    public static final int MAX_MESSAGE = 500;
    /** What users are told when the operator gives no message. */
    public static final String STANDARD_MESSAGE = "This workspace's host is going into maintenance.";

    public DrainOptions(
            Duration deadline,
            AtDeadline atDeadline,
            Duration grace,
            boolean force,
            List<String> hook,
            Duration hookLimit,
            boolean reenableAfterHook) {
        this(deadline, atDeadline, grace, force, hook, hookLimit, reenableAfterHook, null, null);
    }

    public DrainOptions {
        if (deadline != null && deadline.isNegative()) {
            throw new IllegalArgumentException("a deadline cannot be negative");
        }
        atDeadline = atDeadline == null ? AtDeadline.WAIT : atDeadline;
        grace = grace == null ? Duration.ofSeconds(30) : grace;
        hook = hook == null ? List.of() : List.copyOf(hook);
        hookLimit = hookLimit == null ? Duration.ofMinutes(30) : hookLimit;
        // One line, as a desktop message or a banner shows it; the command line refuses worse before this.
        message = message == null || message.isBlank() ? null : message.strip().replaceAll("\\s+", " ");
        message = message != null && message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
        noticesBefore = noticesBefore == null
                ? DEFAULT_NOTICES_BEFORE
                : noticesBefore.stream()
                        .filter(d -> !d.isNegative() && !d.isZero())
                        .distinct()
                        .sorted(Comparator.reverseOrder())
                        .toList();
    }

    /** The operator's message, or the standard one. */
    public String messageOrStandard() {
        return message == null ? STANDARD_MESSAGE : message;
    }

    public DrainOptions withNotices(String text, List<Duration> before) {
        return new DrainOptions(deadline, atDeadline, grace, force, hook, hookLimit, reenableAfterHook, text, before);
    }

    /** No deadline, no hook, no force: wait for every session to end on its own. */
    public static DrainOptions waitForever() {
        return new DrainOptions(null, AtDeadline.WAIT, null, false, List.of(), null, false);
    }

    public DrainOptions withDeadline(Duration d, AtDeadline at) {
        return new DrainOptions(d, at, grace, force, hook, hookLimit, reenableAfterHook, message, noticesBefore);
    }

    public DrainOptions withGrace(Duration g) {
        return new DrainOptions(
                deadline, atDeadline, g, force, hook, hookLimit, reenableAfterHook, message, noticesBefore);
    }

    public DrainOptions withForce(boolean f) {
        return new DrainOptions(
                deadline, atDeadline, grace, f, hook, hookLimit, reenableAfterHook, message, noticesBefore);
    }

    public DrainOptions withHook(List<String> command, Duration limit, boolean reenable) {
        return new DrainOptions(deadline, atDeadline, grace, force, command, limit, reenable, message, noticesBefore);
    }
}
