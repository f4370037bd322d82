package dev.fleetdeck.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.ContainerSpec;
import dev.fleetdeck.fleet.DockerEngine;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.launch.ImagePresence;
import dev.fleetdeck.launch.Placement;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drains on real Docker engines and the test bed's real Redis. Zone east is agent1 + agent3: too
 * small for N+2 with sessions on it, so drains that are not about the refusal are forced.
 */
@RealTestBed
class DrainTestBedTest {
    private static final long MIB = 1L << 20;
    private final ExecutorService refresh = Executors.newFixedThreadPool(3);
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<ScheduledExecutorService> schedulers = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AdminStates admin = new AdminStates();

    @TempDir
    Path dir;

    private FleetMonitor fleet;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        schedulers.forEach(ExecutorService::shutdownNow);
        refresh.shutdownNow();
        workers.shutdownNow();
    }

    private FleetMonitor fleet(TestBed bed) {
        List<AgentMonitor> monitors = bed.agents().stream()
                .map(a -> new AgentMonitor(bed.agentConfig(a), bed.engine(a), admin, Clock.systemUTC()))
                .toList();
        fleet = new FleetMonitor(monitors, Duration.ofSeconds(1), 10, null, refresh, Clock.systemUTC());
        fleet.refreshAll();
        return fleet;
    }

    private DrainService service(DrainStore store, Lease lease, String user, Executor exec) throws Exception {
        return service(
                store,
                lease,
                user,
                exec,
                new SessionNotices(List.of(), SessionNotices.DEFAULT_LIMIT, Clock.systemUTC()));
    }

    private DrainService service(DrainStore store, Lease lease, String user, Executor exec, DrainNotifier notices)
            throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        schedulers.add(scheduler);
        JournalAuditLog audit = new JournalAuditLog(dir.resolve(user + "-audit.jsonl"), Json.mapper());
        closeables.add(audit);
        DrainService s = new DrainService(
                fleet,
                admin,
                store,
                lease,
                audit,
                notices,
                new MaintenanceHook(),
                scheduler,
                exec,
                Clock.systemUTC(),
                new Operator(user, "testhost", 1),
                new DrainService.Timing(Duration.ofMillis(200), Duration.ofSeconds(10)),
                problems::add);
        closeables.add(s);
        return s;
    }

    private JournalDrainStore journal() throws Exception {
        JournalDrainStore s = new JournalDrainStore(dir.resolve("drains.jsonl"), Json.mapper());
        closeables.add(s);
        return s;
    }

    private String session(TestBed bed, String agent, String user) throws Exception {
        return session(bed, agent, user, "plain");
    }

    private String session(TestBed bed, String agent, String user, String workspace) throws Exception {
        DockerEngine engine = bed.engine(agent);
        Map<String, String> labels = new HashMap<>(bed.testLabels());
        labels.put(SessionLabels.SESSION, "s-" + user);
        labels.put(SessionLabels.USER, user);
        labels.put(SessionLabels.WORKSPACE, workspace);
        labels.put(SessionLabels.CORES, "0.5");
        labels.put(SessionLabels.MEMORY, Long.toString(128 * MIB));
        String id = engine.create(
                new ContainerSpec(bed.image("plain"), null, labels, Map.of(), 128 * MIB, 512, 0, 0, List.of()));
        engine.start(id);
        return id;
    }

    private static List<String> runningSessions(TestBed bed, String agent) {
        String out = bed.docker(
                        agent, "ps", "-q", "--no-trunc", "--filter", "label=" + TestBed.TEST_LABEL + "=" + bed.runId())
                .strip();
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    private static DrainOptions forced() {
        return DrainOptions.waitForever().withForce(true);
    }

    @Test
    void aCordonedAgentIsNotChosenByPlacement(TestBed bed) throws Exception {
        fleet(bed);
        DrainService drains = service(journal(), new InProcessLease(Clock.systemUTC()), "alice", workers);
        WorkspaceType plain = new WorkspaceType("plain", bed.image("plain"), 0.5, 128 * MIB, CpuAllocation.SHARES, 30);
        Placement placement = new Placement(
                fleet, new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker()), System::nanoTime, 0);
        assertThat(placement.plan(plain, "east").candidates()).contains("agent1");

        drains.cordon("agent1");
        fleet.refreshAll();

        Placement.Plan plan = placement.plan(plain, "east");
        assertThat(plan.candidates()).containsExactly("agent3");
        assertThat(plan.rejected().get("agent1")).contains("cordoned");
    }

    @Test
    void aDrainCompletesWhenItsSessionsEndOnTheirOwn(TestBed bed) throws Exception {
        String a = session(bed, "agent1", "bob");
        String b = session(bed, "agent1", "carol");
        fleet(bed);
        DrainService drains = service(journal(), new InProcessLease(Clock.systemUTC()), "alice", workers);

        Drain d = firstStep(drains.drain("agent1", forced()));
        assertThat(d.progress().sessionsLeft()).isEqualTo(2);
        bed.docker("agent1", "stop", "-t", "1", a);
        bed.docker("agent1", "stop", "-t", "1", b);

        DrainRecord done = d.finished().get(60, TimeUnit.SECONDS);
        assertThat(done.phase()).isEqualTo(DrainPhase.DRAINED);
        assertThat(done.endedBy(DrainedSession.EndedBy.USER)).isEqualTo(2);
        assertThat(admin.of("agent1", true)).isEqualTo(AgentState.DRAINED);
    }

    @Test
    void atADeadlineWithStopTheRemainingSessionsAreGoneWithinTheGracePeriod(TestBed bed) throws Exception {
        session(bed, "agent1", "bob");
        session(bed, "agent1", "carol");
        fleet(bed);
        DrainService drains = service(journal(), new InProcessLease(Clock.systemUTC()), "alice", workers);

        Drain d = drains.drain(
                "agent1",
                forced().withDeadline(Duration.ofSeconds(1), AtDeadline.STOP).withGrace(Duration.ofSeconds(2)));

        // deadline 1 s + grace 2 s + a tick: well within the wait below
        DrainRecord done = d.finished().get(30, TimeUnit.SECONDS);
        assertThat(done.phase()).isEqualTo(DrainPhase.DRAINED);
        assertThat(done.endedBy(DrainedSession.EndedBy.DRAIN)).isEqualTo(2);
        assertThat(runningSessions(bed, "agent1")).isEmpty();
    }

    @Test
    void cancelPutsTheAgentBackAndEverySessionKeepsRunning(TestBed bed) throws Exception {
        String a = session(bed, "agent1", "bob");
        fleet(bed);
        DrainService drains = service(journal(), new InProcessLease(Clock.systemUTC()), "alice", workers);
        Drain d = drains.drain("agent1", forced().withDeadline(Duration.ofSeconds(3), AtDeadline.STOP));

        drains.cancel("agent1");
        Thread.sleep(4000); // past the deadline the drain had: a cancelled drain must not act on it

        assertThat(d.finished().getNow(null).phase()).isEqualTo(DrainPhase.ENABLED);
        assertThat(admin.of("agent1", true)).isEqualTo(AgentState.ENABLED);
        assertThat(runningSessions(bed, "agent1")).containsExactly(a);
    }

    @Test
    void aDrainOfAKilledConsoleIsResumedByTheNextOneOverTheSameStore(TestBed bed) throws Exception {
        String a = session(bed, "agent1", "bob");
        String b = session(bed, "agent1", "carol");
        fleet(bed);
        AtomicBoolean dead = new AtomicBoolean();
        Executor dying = r -> {
            if (!dead.get()) {
                workers.execute(r);
            }
        };
        DrainService first = service(journal(), new InProcessLease(Clock.systemUTC()), "first", dying);
        firstStep(first.drain("agent1", forced()));
        dead.set(true); // killed: no step of it runs again, nothing was closed or released
        schedulers.get(0).shutdownNow();

        bed.docker("agent1", "stop", "-t", "1", a);
        DrainService second = service(journal(), new InProcessLease(Clock.systemUTC()), "second", workers);
        List<Drain> resumed = second.resumeAll();

        assertThat(resumed).extracting(Drain::agent).containsExactly("agent1");
        bed.docker("agent1", "stop", "-t", "1", b);
        DrainRecord done = resumed.get(0).finished().get(60, TimeUnit.SECONDS);
        assertThat(done.phase()).isEqualTo(DrainPhase.DRAINED);
        assertThat(done.owner()).isEqualTo("second@testhost pid 1");
        assertThat(done.sessions()).extracting(DrainedSession::containerId).containsExactlyInAnyOrder(a, b);
        assertThat(done.endedBy(DrainedSession.EndedBy.USER)).isEqualTo(2);
    }

    @Test
    void twoConsolesSharingRedisCannotDrainTheSameAgent(TestBed bed) throws Exception {
        session(bed, "agent1", "bob");
        fleet(bed);
        RedisConnector redis = new RedisConnector(bed.redisUri().toString(), Duration.ofSeconds(3));
        closeables.add(redis);
        StatefulRedisConnection<String, String> c1 = redis.connect();
        StatefulRedisConnection<String, String> c2 = redis.connect();
        closeables.add(c1);
        closeables.add(c2);
        String key = RedisLease.key("agent1");
        c1.sync().del(key);
        RedisDrainStore store = new RedisDrainStore(c1, Json.mapper(), "test bed");
        c1.sync().hdel(RedisDrainStore.KEY, "agent1");
        DrainService one = service(store, new RedisLease(c1, "test bed"), "alice", workers);
        DrainService two = service(
                new RedisDrainStore(c2, Json.mapper(), "test bed"), new RedisLease(c2, "test bed"), "bob", workers);

        one.drain("agent1", forced());

        assertThatThrownBy(() -> two.drain("agent1", forced()))
                .isInstanceOf(DrainException.class)
                .hasMessageContaining("alice@testhost pid 1");
        assertThatThrownBy(() -> two.cancel("agent1"))
                .isInstanceOf(DrainException.class)
                .hasMessageContaining("alice@testhost pid 1");
        assertThat(c2.sync().pttl(key)).isPositive(); // expires if alice's console dies
        assertThat(new RedisDrainStore(c2, Json.mapper(), "test bed")
                        .load("agent1")
                        .orElseThrow()
                        .phase())
                .isEqualTo(DrainPhase.DRAINING);

        one.cancel("agent1");
        assertThat(c2.sync().get(key)).isNull();
        Drain taken = two.drain("agent1", forced());
        assertThat(taken.record().owner()).isEqualTo("bob@testhost pid 1");
        two.cancel("agent1");
        c1.sync().hdel(RedisDrainStore.KEY, "agent1");
    }

    @Test
    void aDrainThatLeavesTheZoneWithoutHeadroomIsRefusedUnlessForced(TestBed bed) throws Exception {
        String a = session(bed, "agent1", "bob");
        fleet(bed);
        DrainService drains = service(journal(), new InProcessLease(Clock.systemUTC()), "alice", workers);

        DrainPreview preview = drains.preview("agent1");
        assertThat(preview.users()).containsExactly("bob");
        assertThat(preview.agentsLeft()).isEqualTo(1);
        assertThat(preview.fits()).isFalse();
        assertThatThrownBy(() -> drains.drain("agent1", DrainOptions.waitForever()))
                .isInstanceOf(DrainException.class)
                .hasMessageContaining("N+2")
                .hasMessageContaining("force");
        assertThat(admin.of("agent1", true)).isEqualTo(AgentState.ENABLED);

        Drain d = drains.drain("agent1", forced());

        assertThat(d.record().phase()).isEqualTo(DrainPhase.DRAINING);
        assertThat(admin.of("agent1", true)).isEqualTo(AgentState.DRAINING);
        assertThat(runningSessions(bed, "agent1")).containsExactly(a);
        drains.cancel("agent1");
    }

    /** A workspace of the test bed's plain image whose notice command is {@code command}. */
    private static WorkspaceType noticed(TestBed bed, String name, String... command) {
        return new WorkspaceType(name, bed.image("plain"), 0.5, 128 * MIB, CpuAllocation.SHARES, 30)
                .withNotice(List.of(command));
    }

    @Test
    void noticesLandInTheSessionsAndTheRecordSaysWhoWasToldAndWhen(TestBed bed) throws Exception {
        String told = session(bed, "agent1", "bob", "plain");
        String silent = session(bed, "agent1", "carol", "silent");
        fleet(bed);
        // The notice command appends the message to a file in the container, as a banner script would.
        SessionNotices notices = new SessionNotices(
                List.of(noticed(
                        bed, "plain", "sh", "-c", "echo \"$0\" >> /tmp/fleetdeck-notices", WorkspaceType.MESSAGE)),
                SessionNotices.DEFAULT_LIMIT,
                Clock.systemUTC());
        DrainService drains = service(journal(), new InProcessLease(Clock.systemUTC()), "alice", workers, notices);

        DrainPreview preview = drains.preview("agent1");
        assertThat(preview.lines())
                .contains("  notices: 1 of 2 session(s) will NOT be told — no notice command for silent"
                        + " (add notice: to the workspace)");

        Drain d = drains.drain(
                "agent1",
                forced().withDeadline(Duration.ofSeconds(5), AtDeadline.STOP)
                        .withGrace(Duration.ofSeconds(1))
                        .withNotices("Patch day.", List.of(Duration.ofSeconds(2))));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!bed.docker("agent1", "exec", told, "sh", "-c", "cat /tmp/fleetdeck-notices 2>/dev/null; true")
                .contains("Patch day.")) {
            assertThat(System.nanoTime())
                    .as("the start notice in the container")
                    .isLessThan(until);
            Thread.sleep(100);
        }
        DrainRecord done = d.finished().get(60, TimeUnit.SECONDS);

        assertThat(done.phase()).isEqualTo(DrainPhase.DRAINED);
        DrainedSession bob = done.sessions().stream()
                .filter(s -> s.containerId().equals(told))
                .findFirst()
                .orElseThrow();
        assertThat(bob.notices()).extracting(SessionNotice::point).containsExactly("start", "2s", "stop");
        assertThat(bob.notices()).allMatch(SessionNotice::delivered);
        assertThat(bob.notices().get(1).at()).isAfterOrEqualTo(done.deadlineAt().minusSeconds(2));
        DrainedSession carol = done.sessions().stream()
                .filter(s -> s.containerId().equals(silent))
                .findFirst()
                .orElseThrow();
        assertThat(carol.notices()).extracting(SessionNotice::point).containsExactly("start", "2s", "stop");
        assertThat(carol.notices())
                .noneMatch(SessionNotice::delivered)
                .allMatch(n -> n.detail().equals("workspace silent has no notice command: the user was not told"));
        // The stored record is what a resumed drain (or another console) sees.
        assertThat(journal().load("agent1").orElseThrow().sessions()).contains(bob, carol);

        // Stopped by the drain: started again to read what its user was shown, in order.
        bed.docker("agent1", "start", told);
        List<String> lines = bed.docker("agent1", "exec", told, "cat", "/tmp/fleetdeck-notices")
                .strip()
                .lines()
                .toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .startsWith("Patch day. Save your work: this session will be stopped at ")
                .matches(".* UTC \\(in [45]s\\)\\.");
        assertThat(lines.get(1)).isEqualTo("Patch day. This session will be stopped in 2s.");
        assertThat(lines.get(2)).isEqualTo("Patch day. This session is being stopped now.");
    }

    @Test
    void aNoticeCommandThatFailsOrHangsIsRecordedAndTheDrainGoesOn(TestBed bed) throws Exception {
        String failing = session(bed, "agent1", "bob", "failing");
        String hanging = session(bed, "agent1", "carol", "hanging");
        fleet(bed);
        SessionNotices notices = new SessionNotices(
                List.of(
                        noticed(bed, "failing", "sh", "-c", "echo no display here >&2; exit 3", WorkspaceType.MESSAGE),
                        noticed(bed, "hanging", "sh", "-c", "sleep 60", WorkspaceType.MESSAGE)),
                Duration.ofSeconds(5),
                Clock.systemUTC());
        DrainService drains = service(journal(), new InProcessLease(Clock.systemUTC()), "alice", workers, notices);
        assertThat(drains.preview("agent1").noticeLine())
                .isEqualTo("  notices: every user is told at the start, before the deadline and at a stop");

        Drain d = firstStep(drains.drain("agent1", forced()));

        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!d.record().sessions().stream().allMatch(s -> s.noticed(SessionNotice.START))) {
            assertThat(System.nanoTime()).as("both notices recorded").isLessThan(until);
            Thread.sleep(50);
        }
        Map<String, SessionNotice> first = new HashMap<>();
        d.record()
                .sessions()
                .forEach(s -> first.put(s.containerId(), s.notices().get(0)));
        assertThat(first.get(failing).delivered()).isFalse();
        assertThat(first.get(failing).detail()).isEqualTo("notice command exited 3: no display here");
        assertThat(first.get(hanging).delivered()).isFalse();
        assertThat(first.get(hanging).detail()).startsWith("notice command gave no result within 5s");

        bed.docker("agent1", "rm", "-f", failing, hanging);
        DrainRecord done = d.finished().get(60, TimeUnit.SECONDS);
        assertThat(done.phase()).isEqualTo(DrainPhase.DRAINED);
        assertThat(done.endedBy(DrainedSession.EndedBy.USER)).isEqualTo(2);
    }

    /** Drain.start only queues the first step on the workers: wait until it has looked at the sessions. */
    private static Drain firstStep(Drain d) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (d.progress() == null) {
            assertThat(System.nanoTime()).as("the drain's first step").isLessThan(until);
            Thread.sleep(10);
        }
        return d;
    }
}
