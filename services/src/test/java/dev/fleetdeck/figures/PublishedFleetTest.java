package dev.fleetdeck.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.fleet.AgentDisk;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.DockerDiskUsage;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.HostFigures;
import dev.fleetdeck.fleet.HostMetrics;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.store.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fleet reading left for other processes: what survives the trip, how big it is, when it is stale. */
class PublishedFleetTest {
    private static final long MIB = 1L << 20;
    private static final Instant TAKEN = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration EVERY = Duration.ofSeconds(2);
    private final ObjectMapper json = Json.mapper();

    @TempDir
    Path dir;

    private static Session session(String agent, int i, boolean staged) {
        return new Session(
                "fd-" + agent + "-" + i,
                "c" + i,
                agent,
                staged ? null : "user" + i,
                "firefox",
                TAKEN.minusSeconds(60),
                "running",
                "healthy",
                2.5,
                100 * MIB,
                0.5,
                512 * MIB,
                staged,
                false);
    }

    private static AgentSnapshot agent(String name, int users, int staged, AdminEntry admin) {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < users + staged; i++) {
            sessions.add(session(name, i, i >= users));
        }
        Map<String, Long> layers = Map.of("c0", 4 * MIB, "c1", 5 * MIB);
        return new AgentSnapshot(
                name,
                "east",
                admin == null ? AgentState.ENABLED : admin.state(),
                "20.10.24",
                8,
                16_384 * MIB,
                8,
                16_384 * MIB,
                1.25,
                3_000 * MIB,
                0.5 * sessions.size(),
                512 * MIB * sessions.size(),
                sessions.size(),
                sessions,
                staged,
                Duration.ofMillis(3),
                TAKEN.minusMillis(300),
                null,
                admin,
                HostMetrics.prometheus(new HostFigures(41.5, 9_000 * MIB, 16_384 * MIB, 10L << 30, 50L << 30, TAKEN)),
                AgentDisk.read(
                        new DockerDiskUsage(1L << 30, 2L << 30, 3L << 30, 4L << 30, layers), TAKEN.minusSeconds(90)));
    }

    private static FleetSnapshot fleet() {
        AdminEntry cordon =
                new AdminEntry("a2", AgentState.CORDONED, "ops@host", "kernel patch", TAKEN.minusSeconds(600));
        return new FleetSnapshot(
                TAKEN, List.of(agent("a1", 40, 3, null), agent("a2", 7, 0, cordon), agent("a3", 0, 2, null)));
    }

    @Test
    void everyFigureTheCommandPrintsSurvivesTheTripButOnlyTheStagedSessionsTravel() throws IOException {
        FleetSnapshot original = fleet();
        PublishedFleet read = json.readValue(
                json.writeValueAsString(PublishedFleet.of("keeper ops@host pid 42", EVERY, original)),
                PublishedFleet.class);

        assertThat(read.publisher()).isEqualTo("keeper ops@host pid 42");
        assertThat(read.taken()).isEqualTo(TAKEN);
        assertThat(read.every()).isEqualTo(EVERY);
        for (int i = 0; i < 3; i++) {
            AgentSnapshot before = original.agents().get(i);
            AgentSnapshot after = read.agents().get(i);
            assertThat(read.sessionsOf(after)).isEqualTo(before.sessionCount());
            assertThat(after.sessions()).allMatch(Session::waitingInPool).hasSize(before.stagedSessions());
            // Everything else as it was: figures, state, admin, host, disk totals.
            assertThat(after.withSessions(before.sessions()).withDisk(before.disk()))
                    .isEqualTo(before);
            assertThat(after.disk().usage().dockerBytes())
                    .isEqualTo(before.disk().usage().dockerBytes());
            assertThat(after.disk().usage().writableOf("c0")).isEqualTo(-1); // the layers stay home
        }
        // What the headroom line needs: the staged sessions' cores and RAM.
        assertThat(read.snapshot().nPlusTwo()).isEqualTo(original.nPlusTwo());
        assertThat(read.agents().get(1).admin().reason()).isEqualTo("kernel patch");
    }

    @Test
    void aReadingWeighsItsAgentsNotItsSessions() throws IOException {
        List<AgentSnapshot> few = List.of(agent("a1", 10, 1, null));
        List<AgentSnapshot> many = List.of(agent("a1", 2_500, 1, null));
        int small = json.writeValueAsBytes(PublishedFleet.of("k", EVERY, new FleetSnapshot(TAKEN, few))).length;
        int big = json.writeValueAsBytes(PublishedFleet.of("k", EVERY, new FleetSnapshot(TAKEN, many))).length;
        // Only a few digits more (the counts and the allocated sums): no session travels but the staged.
        assertThat(big).isLessThan(small + 32);
        assertThat(json.writeValueAsBytes(many.get(0)).length).isGreaterThan(100 * big);
    }

    @Test
    void aReadingIsFreshForTwoOfItsPublishersIntervalsAndNeverOfNegativeAge() {
        PublishedFleet p = PublishedFleet.of("k", EVERY, fleet());
        assertThat(p.freshAt(TAKEN.plus(EVERY.multipliedBy(2)))).isTrue();
        assertThat(p.freshAt(TAKEN.plus(EVERY.multipliedBy(2)).plusMillis(1))).isFalse();
        assertThat(p.age(TAKEN.minusSeconds(3))).isEqualTo(Duration.ZERO); // a reader whose clock is behind
    }

    @Test
    void theFileTakesOneReadingPerIntervalFromAnyNumberOfPublishersAndForgetsAStaleOne() throws IOException {
        Path file = dir.resolve("data/figures.json");
        Instant now = Instant.now();
        FileFleetFigures a = new FileFleetFigures(file, json, Clock.fixed(now, ZoneOffset.UTC));
        FleetSnapshot reading = new FleetSnapshot(now, fleet().agents());

        assertThat(a.latest()).isEmpty();
        assertThat(a.publish(PublishedFleet.of("console A", EVERY, reading))).isTrue();
        // The turn goes by the file's time: written at the publishers' "now", however slow the write.
        Files.setLastModifiedTime(file, FileTime.from(now));
        // Another process within the same interval: its turn has not come.
        FileFleetFigures b = new FileFleetFigures(file, json, Clock.fixed(now.plusMillis(500), ZoneOffset.UTC));
        assertThat(b.publish(PublishedFleet.of("console B", EVERY, reading))).isFalse();
        assertThat(b.latest().orElseThrow().publisher()).isEqualTo("console A");
        // One interval on, whoever comes first publishes.
        FileFleetFigures later = new FileFleetFigures(file, json, Clock.fixed(now.plus(EVERY), ZoneOffset.UTC));
        assertThat(later.publish(
                        PublishedFleet.of("keeper", EVERY, new FleetSnapshot(now.plus(EVERY), reading.agents()))))
                .isTrue();
        assertThat(later.latest().orElseThrow().publisher()).isEqualTo("keeper");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
        // Nobody published for two intervals: the publishers are gone, and so is the reading.
        FileFleetFigures reader = new FileFleetFigures(
                file, json, Clock.fixed(now.plus(EVERY.multipliedBy(3)).plusMillis(1), ZoneOffset.UTC));
        assertThat(reader.latest()).isEmpty();
    }

    @Test
    void aFileThatIsNotAReadingIsNamedWithTheFix() throws IOException {
        Path file = Files.writeString(dir.resolve("figures.json"), "<html>oops</html>");
        FileFleetFigures f = new FileFleetFigures(file, json, Clock.systemUTC());
        assertThatThrownBy(f::latest)
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is not a fleet reading")
                .hasMessageContaining("delete it");
    }
}
