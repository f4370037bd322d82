package dev.fleetdeck.startup;

import java.time.Instant;
import java.util.Locale;

/**
 * Which stored launches to find: every criterion left null (or 0) matches all. Text criteria
 * match ignoring case; {@code session} and {@code user} also match a part ("s-17" finds "s-170").
 *
 * @param from          launches started at or after this, or null for any
 * @param to            launches started before this, or null for any
 * @param slowerThanMs  only launches whose total startup took longer than this (0: any)
 */
public record LaunchQuery(
        String session,
        String user,
        String agent,
        String type,
        Instant from,
        Instant to,
        StartupRecord.Outcome outcome,
        long slowerThanMs) {
    public LaunchQuery {
        session = blankToNull(session);
        user = blankToNull(user);
        agent = blankToNull(agent);
        type = blankToNull(type);
        if (slowerThanMs < 0) {
            throw new IllegalArgumentException("slowerThanMs must be 0 or more, was " + slowerThanMs);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("the time range is empty: from " + from + " is not before to " + to);
        }
    }

    public static LaunchQuery any() {
        return new LaunchQuery(null, null, null, null, null, null, null, 0);
    }

    public boolean matches(StartupRecord r) {
        Instant at = r.performance().provisioningStartedAt();
        return contains(r.sessionId(), session)
                && contains(r.user(), user)
                && same(r.agent(), agent)
                && same(r.workspaceType(), type)
                && (from == null || (at != null && !at.isBefore(from)))
                && (to == null || (at != null && at.isBefore(to)))
                && (outcome == null || r.outcome() == outcome)
                && r.performance().totalStartupTimeMs() > slowerThanMs;
    }

    private static boolean contains(String value, String part) {
        return part == null
                || (value != null && value.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT)));
    }

    private static boolean same(String value, String wanted) {
        return wanted == null || wanted.equalsIgnoreCase(value);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
