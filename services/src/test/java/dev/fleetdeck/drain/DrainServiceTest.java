package dev.fleetdeck.drain;

import static dev.fleetdeck.drain.SimDrainFixture.BIG;
import static dev.fleetdeck.drain.SimDrainFixture.FIREFOX;
import static dev.fleetdeck.drain.SimDrainFixture.GIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.sim.SimulatedEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drain's decisions and state machine on a simulated zone, with a clock moved by hand. */
class DrainServiceTest {
    @TempDir
    Path dir;

    private SimDrainFixture f;
    private JournalDrainStore store;
    private JournalAuditLog audit;
    private InProcessLease lease;
    private DrainService service;
    private final List<DrainProgress> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        f = new SimDrainFixture(4);
        store = f.store(dir.resolve("drains.jsonl"));
        audit = f.audit(dir.resolve("audit.jsonl"));
        lease = new InProcessLease(f.clock);
        service = f.service(store, lease, audit, "alice");
        service.addListener(progress::add);
    }

    @AfterEach
    void tearDown() throws Exception {
        service.close();
        f.close();
    }

    private SimulatedEngine engine(String agent) {
        return f.sim.engine(agent);
    }

    private boolean running(String agent, String containerId) throws Exception {
        return engine(agent).inspect(containerId).running();
    }

    @Test
    void previewCountsSessionsUsersAndTheZoneLeftWithHeadroom() {
        f.session("sim-east-01", FIREFOX, "bob");
        f.session("sim-east-01", FIREFOX, "alice");
        f.session("sim-east-01", FIREFOX, "bob");
        f.session("sim-east-02", FIREFOX, "carol");
        f.fleet.refreshAll();

        DrainPreview p = service.preview("sim-east-01");

        assertThat(p.sessions()).hasSize(3);
        assertThat(p.users()).containsExactly("alice", "bob");
        assertThat(p.agentsLeft()).isEqualTo(3);
        assertThat(p.loadCpus()).isEqualTo(8.0);
        assertThat(p.loadMemBytes()).isEqualTo(16 * GIB);
        // 02 + 03 + 04 = 16 + 32 + 24 cores; losing the largest (32) as well leaves 40
        assertThat(p.capacityCpusAfter()).isEqualTo(72.0);
        assertThat(p.spareCpusAfter()).isEqualTo(64.0);
        assertThat(p.spareCpusN2()).isEqualTo(32.0);
        assertThat(p.spareMemBytesN2()).isEqualTo((288 - 128) * GIB - 16 * GIB);
        assertThat(p.fits()).isTrue();
        assertThat(p.refusal()).isNull();
    }

    /** 48 cores allocated: it fits on 02+03+04 (72) but not once 03 (32) is lost as well. */
    private void loadTheZoneWithBigSessions() {
        for (int i = 0; i < 6; i++) {
            f.session(i % 2 == 0 ? "sim-east-03" : "sim-east-04", BIG, "u" + i);
        }
    }

    @Test
    void aDrainThatCostsTheZoneItsHeadroomIsRefusedAndNothingChanges() throws Exception {
        loadTheZoneWithBigSessions();
        f.fleet.refreshAll();

        assertThat(service.preview("sim-east-01").fits()).isFalse();
        assertThatThrownBy(() -> service.drain("sim-east-01", DrainOptions.waitForever()))
                .isInstanceOf(DrainException.class)
                .hasMessageContaining("no N+2 headroom")
                .hasMessageContaining("force");

        assertThat(f.admin.of("sim-east-01", true)).isEqualTo(AgentState.ENABLED);
        assertThat(store.all()).isEmpty();
        assertThat(lease.holder("sim-east-01")).isEmpty();
        assertThat(audit.since(Instant.EPOCH, 10))
                .extracting(AuditEntry::action, AuditEntry::outcome)
                .containsExactly(Tuple.tuple(AuditAction.DRAIN, "refused"));
    }

    @Test
    void aForcedDrainGoesAheadAndAuditsTheForce() throws Exception {
        loadTheZoneWithBigSessions();
        f.fleet.refreshAll();

        Drain d = service.drain("sim-east-01", DrainOptions.waitForever().withForce(true));

        // no sessions on sim-east-01: drained at once, and cordoned
        assertThat(d.finished()).isCompleted();
        assertThat(d.record().phase()).isEqualTo(DrainPhase.DRAINED);
        assertThat(f.admin.of("sim-east-01", true)).isEqualTo(AgentState.DRAINED);
        assertThat(audit.since(Instant.EPOCH, 10))
                .extracting(AuditEntry::action)
                .containsExactly(AuditAction.FORCE, AuditAction.DRAIN, AuditAction.DRAIN);
        assertThat(audit.since(Instant.EPOCH, 10).get(0).operator()).isEqualTo("alice@host pid 1");
    }

    @Test
    void aDrainCordonsAtOnceWaitsForSessionsToEndAndLeavesTheAgentDrained() throws Exception {
        String a = f.session("sim-east-01", FIREFOX, "bob");
        String b = f.session("sim-east-01", FIREFOX, "carol");
        f.fleet.refreshAll();

        Drain d = service.drain("sim-east-01", DrainOptions.waitForever());

        assertThat(f.admin.of("sim-east-01", true)).isEqualTo(AgentState.DRAINING);
        assertThat(store.load("sim-east-01").orElseThrow().phase()).isEqualTo(DrainPhase.DRAINING);
        assertThat(d.progress().sessionsLeft()).isEqualTo(2);
        assertThat(lease.holder("sim-east-01")).contains("alice@host pid 1");

        engine("sim-east-01").stop(a, Duration.ZERO); // the user logs out: the event wakes the drain
        assertThat(d.progress().sessionsLeft()).isEqualTo(1);
        assertThat(d.progress().running())
                .extracting(DrainProgress.SessionAge::user)
                .containsExactly("carol");
        assertThat(d.finished()).isNotDone();

        engine("sim-east-01").stop(b, Duration.ZERO);
        DrainRecord done = d.finished().getNow(null);
        assertThat(done.phase()).isEqualTo(DrainPhase.DRAINED);
        assertThat(done.endedBy(DrainedSession.EndedBy.USER)).isEqualTo(2);
        assertThat(done.endedBy(DrainedSession.EndedBy.DRAIN)).isZero();
        assertThat(f.admin.of("sim-east-01", true)).isEqualTo(AgentState.DRAINED);
        assertThat(lease.holder("sim-east-01")).isEmpty();
        assertThat(progress.get(progress.size() - 1).phase()).isEqualTo(DrainPhase.DRAINED);

        service.enable("sim-east-01");
        assertThat(f.admin.of("sim-east-01", true)).isEqualTo(AgentState.ENABLED);
        assertThat(store.all()).isEmpty();
    }

    @Test
    void whoeverWaitsForAFinishedDrainCanEnableTheAgentAtOnce() throws Exception {
        String a = f.session("sim-east-01", FIREFOX, "bob");
        f.fleet.refreshAll();
        Drain d = service.drain("sim-east-01", DrainOptions.waitForever());
        // A rolling drain enables the agent the moment the drain's future completes (found by the
        // soak: "agent1 is draining: cancel the drain to put it back" after it had drained).
        CompletableFuture<String> enabled = d.finished().thenApply(r -> {
            try {
                service.enable("sim-east-01");
                return "enabled";
            } catch (DrainException e) {
                return e.getMessage();
            }
        });

        engine("sim-east-01").stop(a, Duration.ZERO);

        assertThat(enabled.getNow("not finished")).isEqualTo("enabled");
        assertThat(f.admin.of("sim-east-01", true)).isEqualTo(AgentState.ENABLED);
    }

    @Test
    void aSessionLaunchedAsTheCordonLandedIsDrainedToo() throws Exception {
        f.session("sim-east-01", FIREFOX, "bob");
        f.fleet.refreshAll();
        Drain d = service.drain("sim-east-01", DrainOptions.waitForever());

        String late = f.session("sim-east-01", FIREFOX, "late"); // its start event wakes the drain

        assertThat(d.progress().running())
                .extracting(DrainProgress.SessionAge::user)
                .containsExactlyInAnyOrder("bob", "late");
        assertThat(running("sim-east-01", late)).isTrue();
    }

    @Test
    void atTheDeadlineStopStopsTheRemainingSessionsAndRecordsThemAsEndedByTheDrain() throws Exception {
        String a = f.session("sim-east-01", FIREFOX, "bob");
        String b = f.session("sim-east-01", FIREFOX, "carol");
        f.fleet.refreshAll();
        Drain d = service.drain(
                "sim-east-01",
                DrainOptions.waitForever()
                        .withDeadline(Duration.ofMinutes(30), AtDeadline.STOP)
                        .withGrace(Duration.ofSeconds(5)));

        f.clock.advance(Duration.ofMinutes(29));
        d.stepNow();
        assertThat(running("sim-east-01", a)).isTrue();

        f.clock.advance(Duration.ofMinutes(2));
        d.stepNow();

        assertThat(running("sim-east-01", a)).isFalse();
        assertThat(running("sim-east-01", b)).isFalse();
        DrainRecord done = d.finished().getNow(null);
        assertThat(done.phase()).isEqualTo(DrainPhase.DRAINED);
        assertThat(done.endedBy(DrainedSession.EndedBy.DRAIN)).isEqualTo(2);
        assertThat(audit.since(Instant.EPOCH, 10))
                .extracting(AuditEntry::action)
                .contains(AuditAction.STOP);
    }

    @Test
    void atTheDeadlineWaitKeepsEverySessionAndRaisesTheAlert() throws Exception {
        String a = f.session("sim-east-01", FIREFOX, "bob");
        f.fleet.refreshAll();
        Drain d = service.drain(
                "sim-east-01", DrainOptions.waitForever().withDeadline(Duration.ofMinutes(30), AtDeadline.WAIT));

        f.clock.advance(Duration.ofMinutes(31));
        d.stepNow();

        assertThat(running("sim-east-01", a)).isTrue();
        assertThat(d.record().phase()).isEqualTo(DrainPhase.DRAINING);
        assertThat(d.progress().overdue()).isTrue();
        assertThat(d.progress().line()).contains("DEADLINE PASSED");
        assertThat(audit.since(Instant.EPOCH, 10))
                .extracting(AuditEntry::outcome)
                .contains("overdue");
    }

    /**
     * A console killed between writing a step's record and its audit entry: the next console
     * resumes from the record and would never write the entry. So the entry comes first; here the
     * store notes, for each phase it stores, whether the audit log already says so.
     */
    @Test
    void everyStepIsInTheAuditLogBeforeItsRecordIsStored() throws Exception {
        List<String> seenAtSave = new CopyOnWriteArrayList<>();
        DrainStore noting = new DrainStore() {
            @Override
            public void save(DrainRecord r) throws IOException {
                List<AuditEntry> entries = audit.since(Instant.EPOCH, 100);
                AuditEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
                seenAtSave.add(r.phase() + " after " + (last == null ? "-" : last.action() + " " + last.outcome()));
                store.save(r);
            }

            @Override
            public Optional<DrainRecord> load(String agent) throws IOException {
                return store.load(agent);
            }

            @Override
            public List<DrainRecord> all() throws IOException {
                return store.all();
            }

            @Override
            public String describe() {
                return store.describe();
            }

            @Override
            public void close() {}
        };
        DrainService noted = f.service(noting, new InProcessLease(f.clock), audit, "alice");
        f.session("sim-east-01", FIREFOX, "bob");
        f.fleet.refreshAll();
        Drain d = noted.drain(
                "sim-east-01", DrainOptions.waitForever().withDeadline(Duration.ofMinutes(1), AtDeadline.STOP));

        f.clock.advance(Duration.ofMinutes(2));
        d.stepNow();
        d.stepNow();

        assertThat(d.finished().getNow(null).phase()).isEqualTo(DrainPhase.DRAINED);
        assertThat(seenAtSave).contains("STOPPING after STOP ok", "DRAINED after DRAIN drained");
        noted.close();
    }

    @Test
    void cancelPutsTheAgentBackAndStopsNothing() throws Exception {
        String a = f.session("sim-east-01", FIREFOX, "bob");
        f.fleet.refreshAll();
        Drain d = service.drain(
                "sim-east-01", DrainOptions.waitForever().withDeadline(Duration.ofMinutes(1), AtDeadline.STOP));

        service.cancel("sim-east-01");
        f.clock.advance(Duration.ofMinutes(5));
        d.stepNow(); // a late tick after the cancel must do nothing

        assertThat(running("sim-east-01", a)).isTrue();
        assertThat(f.admin.of("sim-east-01", true)).isEqualTo(AgentState.ENABLED);
        assertThat(d.finished().getNow(null).phase()).isEqualTo(DrainPhase.ENABLED);
        assertThat(store.all()).isEmpty();
        assertThat(lease.holder("sim-east-01")).isEmpty();
        assertThat(service.running("sim-east-01")).isEmpty();
    }

    @Test
    void aCordonIsPersistedAndKeptByTheNextConsole() throws Exception {
        service.cordon("sim-east-02");
        assertThat(f.admin.of("sim-east-02", true)).isEqualTo(AgentState.CORDONED);

        DrainService next = f.service(store, new InProcessLease(f.clock), audit, "bob");
        next.resumeAll();

        assertThat(f.admin.of("sim-east-02", true)).isEqualTo(AgentState.CORDONED);
        assertThat(store.load("sim-east-02").orElseThrow().phase()).isEqualTo(DrainPhase.CORDONED);
    }

    @Test
    void aKilledConsolesDrainIsResumedBySessionsThatEndedMeanwhileAndFinishes() throws Exception {
        String a = f.session("sim-east-01", FIREFOX, "bob");
        String b = f.session("sim-east-01", FIREFOX, "carol");
        f.fleet.refreshAll();
        AtomicBoolean dead = new AtomicBoolean();
        Executor dying = r -> {
            if (!dead.get()) {
                r.run();
            }
        };
        DrainService first = f.service(store, new InProcessLease(f.clock), audit, "first", dying);
        first.drain("sim-east-01", DrainOptions.waitForever());
        dead.set(true); // killed: nothing of it runs any more, nothing was closed or released

        engine("sim-east-01").stop(a, Duration.ZERO); // bob leaves while no console watches
        f.admin.set("sim-east-01", AgentState.ENABLED, "test", null); // the next console sees the drain record only
        DrainService second = f.service(store, new InProcessLease(f.clock), audit, "second");
        List<Drain> resumed = second.resumeAll();

        assertThat(resumed).extracting(Drain::agent).containsExactly("sim-east-01");
        Drain d = resumed.get(0);
        assertThat(f.admin.of("sim-east-01", true)).isEqualTo(AgentState.DRAINING);
        assertThat(d.record().owner()).isEqualTo("second@host pid 1");
        assertThat(d.progress().running())
                .extracting(DrainProgress.SessionAge::user)
                .containsExactly("carol");

        engine("sim-east-01").stop(b, Duration.ZERO);
        DrainRecord done = d.finished().getNow(null);
        assertThat(done.phase()).isEqualTo(DrainPhase.DRAINED);
        assertThat(done.sessions()).hasSize(2);
        assertThat(done.endedBy(DrainedSession.EndedBy.USER)).isEqualTo(2);
    }

    @Test
    void aResumedDrainDoesNotStopAgainWhatTheKilledConsoleHadStopped() throws Exception {
        String a = f.session("sim-east-01", FIREFOX, "bob");
        f.fleet.refreshAll();
        Instant now = f.clock.instant();
        // the killed console had stopped bob's session and stored it, then died before noticing it gone
        DrainRecord stored = new DrainRecord(
                "sim-east-01",
                DrainPhase.STOPPING,
                "first@host pid 9",
                now,
                now,
                now,
                DrainOptions.waitForever().withDeadline(Duration.ZERO, AtDeadline.STOP),
                List.of(new DrainedSession("x", a, "bob", "firefox", now, now, DrainedSession.EndedBy.DRAIN)),
                false,
                null);
        store.save(stored);
        engine("sim-east-01").stop(a, Duration.ZERO);
        engine("sim-east-01").start(a); // a restart policy brought the container back

        List<Drain> resumed = service.resumeAll();

        // recorded as stopped once: neither stopped again nor counted twice
        assertThat(running("sim-east-01", a)).isTrue();
        DrainRecord r = resumed.get(0).record();
        assertThat(r.sessions()).hasSize(1);
        assertThat(r.endedBy(DrainedSession.EndedBy.DRAIN)).isEqualTo(1);
    }

    @Test
    void aSecondConsoleIsRefusedTheSameAgentAndToldWhoHoldsIt() throws Exception {
        f.session("sim-east-01", FIREFOX, "bob");
        f.fleet.refreshAll();
        service.drain("sim-east-01", DrainOptions.waitForever());
        DrainService other = f.service(store, lease, audit, "bob");

        assertThatThrownBy(() -> other.drain("sim-east-01", DrainOptions.waitForever()))
                .isInstanceOf(DrainException.class)
                .hasMessageContaining("alice@host pid 1");
        assertThatThrownBy(() -> other.cancel("sim-east-01"))
                .isInstanceOf(DrainException.class)
                .hasMessageContaining("alice@host pid 1");
        assertThat(f.admin.of("sim-east-01", true)).isEqualTo(AgentState.DRAINING);
    }

    @Test
    void aMaintenanceHookRunsOnceDrainedAndReenablesTheAgentWhenItSucceeds() throws Exception {
        f.fleet.refreshAll();
        Drain d = service.drain(
                "sim-east-02",
                DrainOptions.waitForever()
                        .withHook(List.of("sh", "-c", "echo patched $FLEETDECK_AGENT"), Duration.ofSeconds(20), true));

        DrainRecord done = d.finished().getNow(null);
        assertThat(done.phase()).isEqualTo(DrainPhase.ENABLED);
        assertThat(done.detail()).contains("patched sim-east-02");
        assertThat(f.admin.of("sim-east-02", true)).isEqualTo(AgentState.ENABLED);
        assertThat(audit.since(Instant.EPOCH, 10))
                .extracting(AuditEntry::action)
                .contains(AuditAction.HOOK, AuditAction.ENABLE);
    }

    @Test
    void aMaintenanceHookRunningThreeLeasePeriodsKeepsTheLeaseAndNoOtherConsoleTakesTheDrainOver() throws Exception {
        ExecutorService workers = Executors.newCachedThreadPool();
        try {
            // The lease expires after one minute of the test clock; it is renewed every 20 ms of real time.
            DrainService.Timing timing =
                    new DrainService.Timing(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofMillis(20));
            DrainService alice = f.service(store, lease, audit, "alice", workers, timing);
            DrainService bob = f.service(store, lease, audit, "bob", workers, timing);
            Path mayEnd = dir.resolve("hook-may-end");
            f.fleet.refreshAll();
            Drain d = alice.drain(
                    "sim-east-02",
                    DrainOptions.waitForever()
                            .withHook(
                                    List.of(
                                            "sh",
                                            "-c",
                                            "while [ ! -f " + mayEnd + " ]; do sleep 0.05; done; echo patched"),
                                    Duration.ofSeconds(60),
                                    false));
            awaitPhase(d, DrainPhase.MAINTENANCE);

            for (int half = 1; half <= 6; half++) {
                f.clock.advance(Duration.ofSeconds(30));
                Thread.sleep(150); // several renewals in real time
                assertThat(bob.resumeAll())
                        .as("after %d s of the hook", half * 30)
                        .isEmpty();
                assertThatThrownBy(() -> bob.refuseIfDrainedElsewhere("sim-east-02"))
                        .isInstanceOf(DrainException.class)
                        .hasMessageContaining("being drained by alice@host pid 1 since 2024-05-01 08:00:00 UTC");
                assertThatThrownBy(() -> bob.drain(
                                "sim-east-02", DrainOptions.waitForever().withForce(true)))
                        .isInstanceOf(DrainException.class)
                        .hasMessageContaining("alice@host pid 1");
                assertThat(d.record().phase()).isEqualTo(DrainPhase.MAINTENANCE);
            }
            Files.createFile(mayEnd);

            DrainRecord done = d.finished().get(20, TimeUnit.SECONDS);
            assertThat(done.phase()).isEqualTo(DrainPhase.DRAINED);
            assertThat(done.owner()).isEqualTo("alice@host pid 1");
            assertThat(done.detail()).contains("exit 0: patched");
            assertThat(store.load("sim-east-02"))
                    .get()
                    .extracting(DrainRecord::phase)
                    .isEqualTo(DrainPhase.DRAINED);
            assertThat(audit.since(Instant.EPOCH, 100))
                    .noneMatch(e ->
                            e.outcome().equals("interrupted") || e.outcome().equals("resumed"));
            assertThat(lease.holder("sim-east-02")).isEmpty();
            bob.close();
            alice.close();
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void startRunsNothingOnTheCallersThread() throws Exception {
        List<Runnable> queued = new CopyOnWriteArrayList<>();
        DrainService queuing = f.service(store, new InProcessLease(f.clock), audit, "carol", queued::add);
        f.session("sim-east-03", FIREFOX, "dave");
        f.fleet.refreshAll();

        Drain d = queuing.drain("sim-east-03", DrainOptions.waitForever());

        assertThat(d.progress()).as("no step yet").isNull();
        assertThat(queued).hasSize(1);
        queued.get(0).run();
        assertThat(d.progress()).isNotNull();
        assertThat(d.record().sessions()).hasSize(1);
        queuing.close();
    }

    private static void awaitPhase(Drain d, DrainPhase phase) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (d.record().phase() != phase) {
            assertThat(System.nanoTime())
                    .as("waiting for %s, is %s", phase, d.record().phase())
                    .isLessThan(until);
            Thread.sleep(20);
        }
    }

    @Test
    void aFailingMaintenanceHookLeavesTheAgentOutOfPlacementAsFailed() throws Exception {
        f.fleet.refreshAll();
        Drain d = service.drain(
                "sim-east-02",
                DrainOptions.waitForever()
                        .withHook(List.of("sh", "-c", "echo disk full; exit 3"), Duration.ofSeconds(20), true));

        DrainRecord done = d.finished().getNow(null);
        assertThat(done.phase()).isEqualTo(DrainPhase.FAILED);
        assertThat(done.detail()).contains("exit 3").contains("disk full");
        assertThat(f.admin.of("sim-east-02", true)).isEqualTo(AgentState.DRAINED);
    }

    @Test
    void progressEstimatesTheFinishFromTheRateSessionsEnded() {
        Instant start = Instant.parse("2024-05-01T08:00:00Z");
        List<DrainedSession> sessions = List.of(
                new DrainedSession(
                        "1", "c1", "a", "firefox", start, start.plusSeconds(600), DrainedSession.EndedBy.USER),
                new DrainedSession("2", "c2", "b", "firefox", start.minusSeconds(60), null, null),
                new DrainedSession("3", "c3", "c", "firefox", start, null, null));
        DrainRecord r = new DrainRecord(
                "x", DrainPhase.DRAINING, "o", start, start, null, DrainOptions.waitForever(), sessions, false, null);

        DrainProgress p = DrainService.progressOf(r, start.plusSeconds(600));

        // one ended in ten minutes: two more take twenty
        assertThat(p.estimatedFinish()).isEqualTo(start.plusSeconds(1800));
        assertThat(p.sessionsLeft()).isEqualTo(2);
        assertThat(p.running().get(0).age()).isEqualTo(Duration.ofMinutes(11));
    }

    @Test
    void aStateSetWhoseDrainRecordTheStoreRefusesIsAuditedAndSaidToStand() throws Exception {
        AtomicBoolean refusing = new AtomicBoolean(false);
        DrainStore flaky = new DrainStore() {
            @Override
            public void save(DrainRecord record) throws IOException {
                if (refusing.get()) {
                    throw new IOException("Connection reset");
                }
                store.save(record);
            }

            @Override
            public Optional<DrainRecord> load(String agent) throws IOException {
                return store.load(agent);
            }

            @Override
            public List<DrainRecord> all() throws IOException {
                return store.all();
            }

            @Override
            public String describe() {
                return "a store failing over";
            }

            @Override
            public void close() {}
        };
        DrainService s = f.service(flaky, new InProcessLease(f.clock), audit, "carol");
        s.cordon("sim-east-01");
        refusing.set(true);

        assertThatThrownBy(() -> s.enable("sim-east-01"))
                .isInstanceOf(DrainException.class)
                .hasMessageContaining("sim-east-01 is enabled, but its drain record could not be stored");
        assertThat(f.admin.of("sim-east-01", true)).isEqualTo(AgentState.ENABLED);
        assertThatThrownBy(() -> s.cordon("sim-east-01"))
                .hasMessageContaining("sim-east-01 is cordoned, but its drain record could not be stored");
        assertThat(f.admin.of("sim-east-01", true)).isEqualTo(AgentState.CORDONED);
        // The audit log says what the agents' states are: the last action of each stands.
        assertThat(audit.since(Instant.EPOCH, 10))
                .extracting(AuditEntry::action, AuditEntry::outcome)
                .containsExactly(
                        Tuple.tuple(AuditAction.CORDON, "ok"),
                        Tuple.tuple(AuditAction.ENABLE, "ok"),
                        Tuple.tuple(AuditAction.CORDON, "ok"));
    }
}
