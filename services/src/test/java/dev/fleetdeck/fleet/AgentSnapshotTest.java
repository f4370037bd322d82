package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the staged sessions hold is summed once per snapshot; the snapshot's shape is unchanged. */
class AgentSnapshotTest {
    private static final long MIB = 1L << 20;

    private static Session session(String id, double cores, long mem, boolean staged, boolean claimed) {
        return new Session(
                id,
                "c-" + id,
                "a1",
                "u",
                "firefox",
                Instant.EPOCH,
                "running",
                "healthy",
                1.5,
                10 * MIB,
                cores,
                mem,
                staged,
                claimed);
    }

    private static AgentSnapshot snapshot(List<Session> sessions) {
        return new AgentSnapshot(
                "a1",
                "east",
                AgentState.ENABLED,
                "27.0",
                8,
                16_384 * MIB,
                8,
                16_384 * MIB,
                1,
                100 * MIB,
                4,
                4096 * MIB,
                sessions.size(),
                sessions,
                2,
                Duration.ofMillis(3),
                Instant.EPOCH,
                null,
                null,
                null,
                null);
    }

    @Test
    void stagedSumsAreThoseOfTheSessionsWaitingInAPoolAndSurviveTheCopies() {
        List<Session> sessions = new ArrayList<>(List.of(
                session("s1", 0.5, 512 * MIB, false, false),
                session("s2", 1.5, 1024 * MIB, true, false),
                session("s3", 2, 2048 * MIB, true, true), // claimed: a user's now
                session("s4", 0.25, 256 * MIB, true, false)));
        AgentSnapshot a = snapshot(sessions);
        assertThat(a.stagedCpus()).isEqualTo(1.75);
        assertThat(a.stagedMemBytes()).isEqualTo(1280 * MIB);

        // The snapshot's own copy: a change to the caller's list does not reach it, nor its sums.
        sessions.add(session("s5", 4, 4096 * MIB, true, false));
        assertThat(a.sessions()).hasSize(4);
        assertThat(a.stagedCpus()).isEqualTo(1.75);
        assertThatThrownBy(() -> a.sessions().add(session("s6", 1, MIB, true, false)))
                .isInstanceOf(UnsupportedOperationException.class);

        // Copies share the list and keep the sums; equality is by the sessions, whatever the list.
        AgentSnapshot offline = a.withState(AgentState.OFFLINE, "gone");
        assertThat(offline.sessions()).isSameAs(a.sessions());
        assertThat(offline.stagedMemBytes()).isEqualTo(1280 * MIB);
        assertThat(snapshot(new ArrayList<>(a.sessions()))).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(snapshot(sessions)).isNotEqualTo(a);
        assertThat(a.sessions()).isEqualTo(List.copyOf(a.sessions()));

        AgentSnapshot none = AgentSnapshot.connecting("a2", "west");
        assertThat(none.stagedCpus()).isZero();
        assertThat(none.stagedMemBytes()).isZero();
        assertThatThrownBy(() -> snapshot(Arrays.asList(session("s1", 1, MIB, false, false), null)))
                .isInstanceOf(NullPointerException.class);
    }
}
