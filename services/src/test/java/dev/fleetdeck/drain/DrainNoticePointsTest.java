package dev.fleetdeck.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which notice a session is due, and what it says, at each moment of a drain. */
class DrainNoticePointsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T14:00:00Z");

    private static DrainRecord drain(Duration deadline, AtDeadline at, List<Duration> before) {
        DrainOptions options =
                DrainOptions.waitForever().withDeadline(deadline, at).withNotices("Patch day.", before);
        return new DrainRecord(
                "a1",
                DrainPhase.DRAINING,
                "alice",
                T0,
                T0,
                deadline == null ? null : T0.plus(deadline),
                options,
                List.of(),
                false,
                null);
    }

    private static DrainedSession told(Instant at, String... points) {
        DrainedSession s = new DrainedSession("s-1", "c1", "bob", "kali", T0, null, null);
        for (String p : points) {
            s = s.withNotice(new SessionNotice(p, at, true, ""));
        }
        return s;
    }

    @Test
    void aSessionIsToldOnceAtTheStartThenAtEachPointBeforeTheDeadline() {
        DrainRecord r = drain(Duration.ofMinutes(30), AtDeadline.STOP, DrainOptions.DEFAULT_NOTICES_BEFORE);

        assertThat(Drain.duePoint(r, told(T0), T0)).isEqualTo("start");
        assertThat(Drain.duePoint(r, told(T0, "start"), T0.plusSeconds(60))).isNull();
        assertThat(Drain.duePoint(r, told(T0, "start"), T0.plus(Duration.ofMinutes(20))))
                .isEqualTo("10m");
        assertThat(Drain.duePoint(r, told(T0, "start", "10m"), T0.plus(Duration.ofMinutes(25))))
                .isNull();
        assertThat(Drain.duePoint(r, told(T0, "start", "10m"), T0.plus(Duration.ofMinutes(29))))
                .isEqualTo("1m");
        // Both points passed unseen (a console down meanwhile): only the latest is told.
        assertThat(Drain.duePoint(
                        r, told(T0, "start"), T0.plus(Duration.ofMinutes(29)).plusSeconds(30)))
                .isEqualTo("1m");
        assertThat(Drain.duePoint(
                        r,
                        told(T0, "start", "1m"),
                        T0.plus(Duration.ofMinutes(29)).plusSeconds(40)))
                .isNull();
        // At the deadline only the stop notice is left, sent with the stop, also to a session first seen then.
        assertThat(Drain.duePoint(r, told(T0, "start"), T0.plus(Duration.ofMinutes(30))))
                .isNull();
        assertThat(Drain.duePoint(r, told(T0), T0.plus(Duration.ofMinutes(30)))).isNull();
        // Waiting past the deadline: a session seen late is still told to end.
        DrainRecord waits = drain(Duration.ofMinutes(30), AtDeadline.WAIT, DrainOptions.DEFAULT_NOTICES_BEFORE);
        assertThat(Drain.duePoint(waits, told(T0), T0.plus(Duration.ofMinutes(31))))
                .isEqualTo("start");
    }

    @Test
    void aPointThatPassedBeforeTheSessionsFirstNoticeIsLeftOut() {
        DrainRecord r = drain(Duration.ofMinutes(5), AtDeadline.STOP, DrainOptions.DEFAULT_NOTICES_BEFORE);
        Instant seen = T0.plusSeconds(10);

        assertThat(Drain.duePoint(r, told(seen, "start"), seen.plusSeconds(5)))
                .as("10m passed before the start")
                .isNull();
        assertThat(Drain.duePoint(r, told(seen, "start"), T0.plus(Duration.ofMinutes(4))))
                .isEqualTo("1m");
        assertThat(Drain.duePoint(
                        drain(null, AtDeadline.WAIT, DrainOptions.DEFAULT_NOTICES_BEFORE),
                        told(T0, "start"),
                        T0.plus(Duration.ofDays(1))))
                .as("no deadline: the start notice only")
                .isNull();
    }

    @Test
    void theTextSaysWhatHappensWhen() {
        DrainRecord stops = drain(Duration.ofMinutes(30), AtDeadline.STOP, DrainOptions.DEFAULT_NOTICES_BEFORE);
        DrainRecord waits = drain(Duration.ofMinutes(30), AtDeadline.WAIT, DrainOptions.DEFAULT_NOTICES_BEFORE);

        assertThat(NoticeText.of(stops, "start", T0))
                .isEqualTo("Patch day. Save your work: this session will be stopped at 14:30 UTC (in 30m).");
        assertThat(NoticeText.of(waits, "start", T0))
                .isEqualTo("Patch day. Please save your work and end your session by 14:30 UTC (in 30m).");
        assertThat(NoticeText.of(stops, "10m", T0.plus(Duration.ofMinutes(20)).plusSeconds(2)))
                .isEqualTo("Patch day. This session will be stopped in 10m.");
        assertThat(NoticeText.of(waits, "1m", T0.plus(Duration.ofMinutes(29))))
                .isEqualTo("Patch day. Please end your session within 1m.");
        assertThat(NoticeText.of(stops, "stop", T0.plus(Duration.ofMinutes(30))))
                .isEqualTo("Patch day. This session is being stopped now.");
        assertThat(NoticeText.of(drain(null, AtDeadline.WAIT, List.of()), "start", T0))
                .isEqualTo("Patch day. Please save your work and end your session when you can.");
        assertThat(NoticeText.of(stops.withPhase(DrainPhase.DRAINING, T0, null), "start", T0))
                .startsWith("Patch day.");
        assertThat(DrainOptions.waitForever().messageOrStandard())
                .isEqualTo("This workspace's host is going into maintenance.");
    }
}
