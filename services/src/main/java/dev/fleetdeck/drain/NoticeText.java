package dev.fleetdeck.drain;

import dev.fleetdeck.config.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What a drain's notice says: the operator's message (or the standard one) and what happens when. */
final class NoticeText {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private NoticeText() {}

    static String of(DrainRecord r, String point, Instant now) {
        DrainOptions options = r.options() == null ? DrainOptions.waitForever() : r.options();
        String base = options.messageOrStandard();
        boolean stops = options.atDeadline() == AtDeadline.STOP;
        if (point.equals(SessionNotice.STOP)) {
            return base + " This session is being stopped now.";
        }
        if (r.deadlineAt() == null) {
            return base + " Please save your work and end your session when you can.";
        }
        String left = left(Duration.between(now, r.deadlineAt()));
        if (point.equals(SessionNotice.START)) {
            String at = CLOCK.format(r.deadlineAt());
            return stops
                    ? base + " Save your work: this session will be stopped at " + at + " (in " + left + ")."
                    : base + " Please save your work and end your session by " + at + " (in " + left + ").";
        }
        return stops
                ? base + " This session will be stopped in " + left + "."
                : base + " Please end your session within " + left + ".";
    }

    /** Whole minutes from a minute up, else whole seconds: "10m", "45s". */
    static String left(Duration d) {
        long s = Math.max(0, (d.toMillis() + 500) / 1000);
        return DurationText.format(s >= 60 ? Duration.ofMinutes((s + 30) / 60) : Duration.ofSeconds(s));
    }
}
