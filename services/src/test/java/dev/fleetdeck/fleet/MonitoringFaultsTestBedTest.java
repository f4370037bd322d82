package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.cache.CacheMetrics;
import dev.fleetdeck.cache.ContainerCaches;
import dev.fleetdeck.testbed.AgentStates;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Monitoring's faults on real engines: a frozen engine, an agent with 200 containers, a burst of
 * a thousand events. The monitor is wired as {@code Services} wires it: engines behind the
 * container caches, one refresh thread per agent.
 */
@RealTestBed
class MonitoringFaultsTestBedTest {
    private static final long MIB = 1L << 20;
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /**
     * How old an agent's figures may get at a 1 s interval before a refresh counts as stalled: two
     * intervals plus room for a machine shared with other builds (load averages of 50–100 seen).
     * A stall behind a wedged agent or an event burst would grow without bound over the 10 s watched.
     */
    private static final double STALLED_AFTER_SECONDS = 5.0;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService refresh = Executors.newFixedThreadPool(3);
    /** The list lives 10 minutes here, so a list fetched again during a test was invalidated, not expired. */
    private final ContainerCaches caches = new ContainerCaches(
            new ContainerCaches.Ttls(
                    Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(60)),
            System::nanoTime);

    private TestBed bed;

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        ticks.shutdownNow();
        refresh.shutdownNow();
        if (bed != null) {
            bed.removeTestContainers();
        }
    }

    private FleetMonitor monitor(List<String> agents) {
        List<AgentMonitor> monitors = new ArrayList<>();
        for (String agent : agents) {
            AgentEngine engine = caches.wrap(agent, bed.engine(agent));
            monitors.add(new AgentMonitor(
                    bed.agentConfig(agent),
                    engine,
                    new AdminStates(),
                    INTERVAL.multipliedBy(2),
                    Clock.systemUTC(),
                    SessionOwners.LABELS));
        }
        FleetMonitor fleet = new FleetMonitor(monitors, INTERVAL, 30, ticks, refresh, Clock.systemUTC());
        toClose.add(fleet);
        return fleet;
    }

    private String startSession(AgentEngine engine, String name) throws AgentEngine.EngineException {
        Map<String, String> labels = new HashMap<>(bed.testLabels());
        labels.put(SessionLabels.SESSION, name);
        labels.put(SessionLabels.USER, "alice");
        labels.put(SessionLabels.WORKSPACE, "firefox");
        labels.put(SessionLabels.CORES, "0.5");
        labels.put(SessionLabels.MEMORY, Long.toString(64 * MIB));
        String id = engine.create(
                new ContainerSpec(bed.image("plain"), null, labels, Map.of(), 64 * MIB, 0, 0, 0, List.of()));
        engine.start(id);
        return id;
    }

    private static AgentSnapshot agent(FleetMonitor fleet, String name) {
        return fleet.current().agents().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** Seconds since the agent's last answered refresh. */
    private static double age(FleetMonitor fleet, String name) {
        Instant last = fleet.agent(name).last().lastRefresh();
        return last == null
                ? Double.MAX_VALUE
                : Duration.between(last, Instant.now()).toMillis() / 1000.0;
    }

    @Test
    void aFrozenEngineHoldsNoThreadOfItsOwnAndTheOtherAgentsKeepRefreshing(TestBed bed) throws Exception {
        this.bed = bed;
        for (int i = 0; i < 3; i++) {
            startSession(bed.engine("agent1"), "frozen-a1-" + i);
            startSession(bed.engine("agent3"), "frozen-a3-" + i);
        }
        FleetMonitor fleet = monitor(List.of("agent1", "agent3"));
        fleet.start();
        AgentStates.await(fleet, "agent3", AgentState.ENABLED, Duration.ofSeconds(20));
        Thread.sleep(3000); // every path warmed: calls, sampling rounds, the JDK's deadline timer
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

        bed.freezeAgent("agent3");
        int threadsMax = threadsBefore;
        double worstAgeOfAgent1 = 0;
        try {
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < end) {
                threadsMax =
                        Math.max(threadsMax, ManagementFactory.getThreadMXBean().getThreadCount());
                worstAgeOfAgent1 = Math.max(worstAgeOfAgent1, age(fleet, "agent1"));
                Thread.sleep(100);
            }
            assertThat(agent(fleet, "agent3").state()).isEqualTo(AgentState.OFFLINE);
            assertThat(agent(fleet, "agent3").error()).contains("agent3").contains("no answer");
        } finally {
            bed.thawAgent("agent3");
        }
        System.out.printf(
                "frozen engine: threads %d -> at most %d; agent1's figures at most %.1f s old%n",
                threadsBefore, threadsMax, worstAgeOfAgent1);
        assertThat(threadsMax - threadsBefore)
                .as("threads added while an engine did not answer")
                .isLessThanOrEqualTo(1);
        assertThat(worstAgeOfAgent1).as("agent1 refreshed throughout").isLessThanOrEqualTo(STALLED_AFTER_SECONDS);
        assertThat(agent(fleet, "agent1").sessionCount()).isEqualTo(3);
        AgentStates.await(fleet, "agent3", AgentState.ENABLED, Duration.ofSeconds(20));
    }

    @Test
    void anAgentWith200ContainersDoesNotDelayTheOthersFigures(TestBed bed) throws Exception {
        this.bed = bed;
        // Setting up 200 containers is not what is measured: creates get minutes on a crowded machine.
        DockerEngine big =
                bed.engine("agent2", DockerEngineSettings.defaults().withLifecycleTimeout(Duration.ofMinutes(3)));
        ExecutorService starters = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = "big-" + i;
                started.add(starters.submit(() -> startSession(big, name)));
            }
            for (Future<String> f : started) {
                f.get();
            }
        } finally {
            starters.shutdownNow();
        }
        startSession(bed.engine("agent1"), "small-0");
        FleetMonitor fleet = monitor(List.of("agent1", "agent2"));
        fleet.start();
        AgentStates.await(fleet, "agent2", AgentState.ENABLED, Duration.ofSeconds(30));

        double worstAgeOfAgent1 = 0;
        double worstAgeOfAgent2 = 0;
        long end = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        while (System.nanoTime() < end) {
            worstAgeOfAgent1 = Math.max(worstAgeOfAgent1, age(fleet, "agent1"));
            worstAgeOfAgent2 = Math.max(worstAgeOfAgent2, age(fleet, "agent2"));
            Thread.sleep(100);
        }
        AgentSnapshot bigAgent = agent(fleet, "agent2");
        System.out.printf(
                "200 containers: agent1's figures at most %.1f s old, agent2's %.1f s%n",
                worstAgeOfAgent1, worstAgeOfAgent2);
        assertThat(worstAgeOfAgent1)
                .as("the small agent refreshed throughout")
                .isLessThanOrEqualTo(STALLED_AFTER_SECONDS);
        assertThat(worstAgeOfAgent2).as("the big agent too").isLessThanOrEqualTo(STALLED_AFTER_SECONDS + 1.5);
        assertThat(bigAgent.sessionCount()).isEqualTo(200);
        assertThat(bigAgent.sessions())
                .as("every session has its memory figure")
                .allMatch(s -> s.memUsedBytes() > 0);
    }

    @Test
    void aBurstOfAThousandEventsStallsNoRefreshAndLeavesTheListCached(TestBed bed) throws Exception {
        this.bed = bed;
        String id = startSession(bed.engine("agent1"), "burst-0");
        startSession(bed.engine("agent1"), "burst-1");
        FleetMonitor fleet = monitor(List.of("agent1"));
        AtomicInteger delivered = new AtomicInteger();
        toClose.add(fleet.agent("agent1").engine().events(e -> delivered.incrementAndGet()));
        fleet.start();
        AgentStates.await(fleet, "agent1", AgentState.ENABLED, Duration.ofSeconds(20));
        Thread.sleep(2500);
        long listMissesBefore = listMisses();

        // A thousand kill events (SIGWINCH, which a sleeping shell ignores), as fast as the engine takes them.
        Thread burst = new Thread(
                () -> {
                    for (int i = 0; i < 1000; i++) {
                        post(bed.host("agent1").getPath(), "/containers/" + id + "/kill?signal=SIGWINCH");
                    }
                },
                "event-burst");
        burst.start();
        double worstAge = 0;
        while (burst.isAlive()) {
            worstAge = Math.max(worstAge, age(fleet, "agent1"));
            Thread.sleep(100);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (delivered.get() < 1000 && System.nanoTime() < deadline) {
            worstAge = Math.max(worstAge, age(fleet, "agent1"));
            Thread.sleep(100);
        }
        System.out.printf(
                "event burst: %d events delivered; figures at most %.1f s old; list misses %d%n",
                delivered.get(), worstAge, listMisses() - listMissesBefore);
        assertThat(delivered.get()).isGreaterThanOrEqualTo(1000);
        assertThat(worstAge).as("refreshes went on during the burst").isLessThanOrEqualTo(STALLED_AFTER_SECONDS);
        assertThat(listMisses() - listMissesBefore)
                .as("kill events leave the container list cached")
                .isZero();
        assertThat(agent(fleet, "agent1").sessionCount()).isEqualTo(2);
    }

    private long listMisses() {
        return caches.metrics().stream()
                .filter(m -> m.name().equals("container list"))
                .findFirst()
                .map(CacheMetrics::counts)
                .orElseThrow()
                .misses();
    }

    /** One bodiless POST over the engine's unix socket; the answer is read and dropped. */
    private static void post(String socket, String path) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(("POST " + path + " HTTP/1.0\r\nHost: docker\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer answer = ByteBuffer.allocate(4096);
            while (channel.read(answer.clear()) >= 0) {
                // until the engine closes the connection
            }
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        }
    }
}
