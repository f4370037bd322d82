package dev.fleetdeck.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A create the engine carries out but never answers (what the soak saw when an engine was
 * SIGKILLed mid-request): the launch fails over and records the other container, and the one the
 * engine made anyway is left "created" on the first agent. Reproduced in seconds with a real
 * engine whose first create is made and then reported as unanswered.
 */
@RealTestBed
class CreateWithoutAnswerTestBedTest {
    private static final String AGENT = "agent3";
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private FleetMonitor fleet;
    private JournalStartupStore store;

    /** The real engine, except that its first create is done and then answered with a timeout. */
    private static AgentEngine losingFirstAnswer(AgentEngine real) {
        AtomicBoolean lost = new AtomicBoolean(false);
        return (AgentEngine) Proxy.newProxyInstance(
                AgentEngine.class.getClassLoader(), new Class<?>[] {AgentEngine.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(real, args);
                        if (method.getName().equals("create") && lost.compareAndSet(false, true)) {
                            throw new AgentEngine.EngineException(AGENT + ": no answer within 3 s (create)");
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * The real engine, except that its first start gets no answer and the remove after it finds the
     * engine gone (what the soak saw when an engine was SIGKILLed between a launch's create and start).
     */
    private static AgentEngine dyingAfterFirstCreate(AgentEngine real) {
        AtomicBoolean startLost = new AtomicBoolean(false);
        AtomicBoolean removeRefused = new AtomicBoolean(false);
        return (AgentEngine) Proxy.newProxyInstance(
                AgentEngine.class.getClassLoader(), new Class<?>[] {AgentEngine.class}, (proxy, method, args) -> {
                    if (method.getName().equals("start") && startLost.compareAndSet(false, true)) {
                        throw new AgentEngine.EngineException(AGENT + ": localhost:2375 failed to respond");
                    }
                    if (method.getName().equals("remove") && removeRefused.compareAndSet(false, true)) {
                        throw new AgentEngine.EngineException(AGENT + ": cannot connect (Connection refused)");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void close(TestBed bed) throws Exception {
        String ids = bed.docker(AGENT, "ps", "-aq", "--filter", "label=" + SessionLabels.USER + "=cwa-" + bed.runId())
                .strip();
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(ids.split("\\s+")));
            bed.docker(AGENT, args.toArray(String[]::new));
        }
        if (fleet != null) {
            fleet.close();
        }
        if (store != null) {
            store.close();
        }
        pool.shutdownNow();
    }

    @Test
    void aFailedLaunchsContainerThatCouldNotBeRemovedIsRemovedByTheNextLaunchThere(TestBed bed) throws Exception {
        Launcher launcher = launcher(bed, dyingAfterFirstCreate(bed.engine(AGENT)));
        String user = "cwa-" + bed.runId();
        Instant since = Instant.now().minusSeconds(5);

        StartupRecord first = launcher.launch(new LaunchRequest("plain", user, null, Map.of()), null);
        assertThat(first.ready()).isFalse();
        assertThat(first.error()).contains("failed to respond");
        String leftover = containersOf(bed, first.sessionId());
        assertThat(leftover)
                .as("the created container the remove could not take")
                .isNotEmpty();
        assertThat(problems).anyMatch(p -> p.contains("could not remove") && p.contains("the next launch on " + AGENT));

        StartupRecord second = launcher.launch(new LaunchRequest("plain", user, null, Map.of()), null);
        assertThat(second.ready()).isTrue();
        assertThat(containersOf(bed, first.sessionId()))
                .as("the failed launch's container")
                .isEmpty();
        assertThat(problems).anyMatch(p -> p.contains("removed container " + leftover) && p.contains("failed launch"));
        assertThat(new Orphans(store).find(fleet, since)).isEmpty();
    }

    private static String containersOf(TestBed bed, String sessionId) {
        return bed.docker(
                        AGENT,
                        "ps",
                        "-aq",
                        "--no-trunc",
                        "--filter",
                        "label=" + SessionLabels.SESSION + "=" + sessionId)
                .strip();
    }

    private Launcher launcher(TestBed bed, AgentEngine engine) throws Exception {
        AgentMonitor monitor = new AgentMonitor(bed.agentConfig(AGENT), engine, new AdminStates(), Clock.systemUTC());
        fleet = new FleetMonitor(List.of(monitor), Duration.ofSeconds(2), 10, null, pool, Clock.systemUTC());
        fleet.refreshAll();
        store = new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper());
        WorkspaceType plain = new WorkspaceType("plain", bed.image("plain"), 0.25, 64L << 20, CpuAllocation.SHARES, 30);
        ImagePresence images = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
        return new Launcher(
                fleet,
                name -> plain,
                new QuotaCheck(new InProcessQuotaCache(Duration.ofSeconds(60), Ticker.systemTicker()), fleet, 10),
                new Placement(
                        fleet, images, System::nanoTime, Duration.ofSeconds(4).toNanos()),
                images,
                new Readiness(System::nanoTime),
                store,
                Clock.systemUTC(),
                System::nanoTime,
                problems::add);
    }

    @Test
    void aContainerMadeByACreateThatGotNoAnswerIsAnOrphanAndTheNextLaunchThereRemovesIt(TestBed bed) throws Exception {
        Launcher launcher = launcher(bed, losingFirstAnswer(bed.engine(AGENT)));
        String user = "cwa-" + bed.runId();
        Instant since = Instant.now().minusSeconds(5);

        StartupRecord first = launcher.launch(new LaunchRequest("plain", user, null, Map.of()), null);
        assertThat(first.ready()).isFalse();
        assertThat(first.error()).contains("no answer");
        // The engine made it all the same: a container of that session, never started.
        String leftover = bed.docker(
                        AGENT,
                        "ps",
                        "-aq",
                        "--no-trunc",
                        "--filter",
                        "label=" + SessionLabels.SESSION + "=" + first.sessionId())
                .strip();
        assertThat(leftover).isNotEmpty();
        assertThat(new Orphans(store).find(fleet, since))
                .extracting(Session::containerId)
                .containsExactly(leftover);

        StartupRecord second = launcher.launch(new LaunchRequest("plain", user, null, Map.of()), null);
        assertThat(second.ready()).isTrue();
        assertThat(bed.docker(
                                AGENT,
                                "ps",
                                "-aq",
                                "--filter",
                                "label=" + SessionLabels.SESSION + "=" + first.sessionId())
                        .strip())
                .as("the leftover of the unanswered create")
                .isEmpty();
        assertThat(problems).anyMatch(p -> p.contains("removed container " + leftover) && p.contains("got no answer"));
        assertThat(new Orphans(store).find(fleet, since)).isEmpty();
    }
}
