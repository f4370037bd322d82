package dev.fleetdeck.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.ContainerEvent;
import dev.fleetdeck.fleet.ContainerSpec;
import dev.fleetdeck.fleet.ContainerState;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.EngineInfo;
import dev.fleetdeck.fleet.SessionOwners;
import dev.fleetdeck.fleet.StatsSample;
import dev.fleetdeck.sim.SimulatedEngine;
import dev.fleetdeck.sim.SimulatedFleet;
import dev.fleetdeck.testbed.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The container-info caches over the simulated engine, on a fake clock: no sleeping, no Docker. */
class CachingEngineTest {
    private static final long GIB = 1L << 30;
    private static final WorkspaceType FIREFOX =
            new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4 * GIB, CpuAllocation.SHARES, 30);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SimulatedFleet fleet = new SimulatedFleet(2, List.of("east"), List.of(FIREFOX), 7, nanos::get);
    private final SimulatedEngine sim = fleet.engine("sim-east-01");
    private final CountingEngine counted = new CountingEngine(sim);
    private final ContainerCaches caches = new ContainerCaches(ContainerCaches.Ttls.defaults(), nanos::get);
    private final CachingEngine engine = caches.wrap("sim-east-01", counted);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private static CacheMetrics named(ContainerCaches caches, String name) {
        return caches.metrics().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void listIsFetchedOnceWithinItsTtlAndAgainAfterItExpires() throws Exception {
        fleet.startSession(sim, FIREFOX, "alice");
        engine.listContainers(false);
        engine.listContainers(false);
        engine.listContainers(false);
        assertThat(counted.calls("list")).isEqualTo(1);

        advance(Duration.ofSeconds(59));
        engine.listContainers(false);
        assertThat(counted.calls("list")).isEqualTo(1);
        advance(Duration.ofSeconds(2));
        assertThat(engine.listContainers(false)).hasSize(1);
        assertThat(counted.calls("list")).isEqualTo(2);

        CacheCounts c = named(caches, "container list").counts();
        assertThat(c.hits()).isEqualTo(3);
        assertThat(c.misses()).isEqualTo(2);
        assertThat(c.evictions()).as("the expired list counts as evicted").isEqualTo(1);
        assertThat(c.hitRate()).isEqualTo(0.6);
    }

    @Test
    void statsLiveFiveSecondsAndStatusThirty() throws Exception {
        String id = fleet.startSession(sim, FIREFOX, "alice");
        engine.stats(id);
        engine.inspect(id);
        advance(Duration.ofSeconds(6));
        engine.stats(id);
        engine.inspect(id);
        assertThat(counted.calls("stats")).isEqualTo(2);
        assertThat(counted.calls("inspect")).isEqualTo(1);
        advance(Duration.ofSeconds(25));
        engine.inspect(id);
        assertThat(counted.calls("inspect")).isEqualTo(2);
        assertThat(named(caches, "container stats").counts().misses()).isEqualTo(2);
        assertThat(named(caches, "container status").counts())
                .extracting(CacheCounts::hits, CacheCounts::misses)
                .containsExactly(1L, 2L);
    }

    @Test
    void agentInfoIsCachedForAMinute() throws Exception {
        for (int i = 0; i < 30; i++) {
            engine.info();
            advance(Duration.ofSeconds(2));
        }
        assertThat(counted.calls("info")).isEqualTo(1);
        advance(Duration.ofSeconds(1));
        engine.info();
        assertThat(counted.calls("info")).isEqualTo(2);
    }

    @Test
    void stopThroughTheCacheDropsStatusStatsAndLists() throws Exception {
        String id = fleet.startSession(sim, FIREFOX, "alice");
        assertThat(engine.inspect(id).running()).isTrue();
        engine.stats(id);
        assertThat(engine.listContainers(false)).hasSize(1);

        engine.stop(id, Duration.ZERO);

        assertThat(engine.inspect(id).running()).as("status after stop").isFalse();
        assertThat(engine.listContainers(false)).as("running list after stop").isEmpty();
        assertThat(counted.calls("inspect")).isEqualTo(2);
        assertThat(counted.calls("list")).isEqualTo(2);
    }

    @Test
    void removeThroughTheCacheDropsTheContainerFromTheFullList() throws Exception {
        String id = fleet.startSession(sim, FIREFOX, "alice");
        assertThat(engine.listContainers(true)).extracting(ContainerSummary::id).containsExactly(id);
        engine.inspect(id);

        engine.remove(id, true);

        assertThat(engine.listContainers(true)).isEmpty();
        assertThatThrownBy(() -> engine.inspect(id))
                .isInstanceOf(AgentEngine.EngineException.class)
                .hasMessageContaining("No such container");
    }

    @Test
    void createAndStartThroughTheCacheShowInTheNextList() throws Exception {
        assertThat(engine.listContainers(false)).isEmpty();
        String id =
                engine.create(new ContainerSpec(FIREFOX.image(), "s1", Map.of(), Map.of(), GIB, 1024, 0, 0, List.of()));
        assertThat(engine.listContainers(true)).extracting(ContainerSummary::id).containsExactly(id);
        engine.start(id);
        assertThat(engine.listContainers(false))
                .extracting(ContainerSummary::id)
                .containsExactly(id);
    }

    @Test
    void changesMadeBehindTheCacheArriveAsEventsAndDropTheirEntries() throws Exception {
        String id = fleet.startSession(sim, FIREFOX, "alice");
        assertThat(engine.listContainers(false)).hasSize(1);
        assertThat(engine.inspect(id).running()).isTrue();

        sim.stop(id, Duration.ZERO); // another console, or docker stop by hand

        assertThat(engine.listContainers(false)).isEmpty();
        assertThat(engine.inspect(id).running()).isFalse();
        String other = fleet.startSession(sim, FIREFOX, "bob");
        assertThat(engine.listContainers(false))
                .extracting(ContainerSummary::id)
                .containsExactly(other);
    }

    @Test
    void eventsHandedToASubscriberHaveAlreadyDroppedTheStaleStatus() throws Exception {
        String id = fleet.startSession(sim, FIREFOX, "alice");
        engine.inspect(id);
        List<String> seenByListener = new ArrayList<>();
        try (AutoCloseable sub = engine.events(e -> {
            try {
                seenByListener.add(engine.inspect(e.containerId()).status());
            } catch (AgentEngine.EngineException ex) {
                seenByListener.add(ex.getMessage());
            }
        })) {
            sim.stop(id, Duration.ZERO);
        }
        assertThat(seenByListener).isNotEmpty().allMatch("exited"::equals);
    }

    @Test
    void aFailedPingDropsEverythingOfThatAgentOnly() throws Exception {
        SimulatedEngine sim2 = fleet.engine("sim-east-02");
        CountingEngine counted2 = new CountingEngine(sim2);
        CachingEngine engine2 = caches.wrap("sim-east-02", counted2);
        engine.listContainers(false);
        engine.info();
        engine2.listContainers(false);

        sim.setDown(true);
        assertThatThrownBy(engine::ping).isInstanceOf(AgentEngine.EngineException.class);
        sim.setDown(false);

        engine.listContainers(false);
        engine.info();
        engine2.listContainers(false);
        assertThat(counted.calls("list")).isEqualTo(2);
        assertThat(counted.calls("info")).isEqualTo(2);
        assertThat(counted2.calls("list"))
                .as("the other agent's list stays cached")
                .isEqualTo(1);
    }

    @Test
    void aFailedLoadCachesNothingAndCountsAMiss() throws Exception {
        sim.setDown(true);
        assertThatThrownBy(() -> engine.listContainers(false)).isInstanceOf(AgentEngine.EngineException.class);
        sim.setDown(false);
        engine.listContainers(false);
        assertThat(counted.calls("list")).isEqualTo(2);
        assertThat(named(caches, "container list").counts().misses()).isEqualTo(2);
    }

    @Test
    void healthCheckExecEventsLeaveTheListAndTheStatusCached() throws Exception {
        String id = fleet.startSession(sim, FIREFOX, "alice");
        engine.listContainers(false);
        engine.inspect(id);

        for (String exec : List.of("exec_create: test -f /tmp/ready", "exec_start: test -f /tmp/ready", "exec_die")) {
            counted.fire(new ContainerEvent(id, exec, Instant.now(), Map.of()));
        }
        engine.listContainers(false);
        engine.inspect(id);

        assertThat(counted.calls("list")).isEqualTo(1);
        assertThat(counted.calls("inspect")).isEqualTo(1);
    }

    @Test
    void aHealthChangeDropsTheStatusAndRewritesTheHealthInTheCachedList() throws Exception {
        String id = fleet.startSession(sim, FIREFOX, "alice");
        String before = engine.listContainers(false).get(0).status();
        engine.inspect(id);

        counted.fire(new ContainerEvent(id, "health_status: unhealthy", Instant.now(), Map.of()));
        List<ContainerSummary> after = engine.listContainers(false);
        engine.inspect(id);

        assertThat(counted.calls("list")).as("the list stays cached").isEqualTo(1);
        assertThat(after.get(0).status()).endsWith("(unhealthy)").doesNotContain("(healthy)");
        assertThat(after.get(0).status()).startsWith(before.replaceAll(" \\(.*\\)$", ""));
        assertThat(counted.calls("inspect")).as("the status is asked again").isEqualTo(2);
    }

    @Test
    void aContainerEventOfOneAgentLeavesTheOtherAgentsCachesAlone() throws Exception {
        SimulatedEngine sim2 = fleet.engine("sim-east-02");
        CountingEngine counted2 = new CountingEngine(sim2);
        CachingEngine engine2 = caches.wrap("sim-east-02", counted2);
        String id = fleet.startSession(sim, FIREFOX, "alice");
        engine.listContainers(false);
        engine2.listContainers(false);

        counted.fire(new ContainerEvent(id, "die", Instant.now(), Map.of()));
        engine.listContainers(false);
        engine2.listContainers(false);

        assertThat(counted.calls("list"))
                .as("the changed agent's list is fetched again")
                .isEqualTo(2);
        assertThat(counted2.calls("list"))
                .as("the other agent's list stays cached")
                .isEqualTo(1);
    }

    @Test
    void monitorSamplesEveryContainerOncePerRoundNotOncePerRefresh() {
        fleet.startSession(sim, FIREFOX, "alice");
        fleet.startSession(sim, FIREFOX, "bob");
        MutableClock clock = new MutableClock(Instant.EPOCH);
        AgentMonitor monitor = new AgentMonitor(
                fleet.agentConfigs().get(0),
                engine,
                new AdminStates(),
                Duration.ofSeconds(4),
                clock,
                SessionOwners.LABELS);

        monitor.refresh();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(2));
            advance(Duration.ofSeconds(2));
            monitor.refresh();
        }
        AgentSnapshot last = monitor.last();

        // Refreshes at 0, 2, 4 and 6 s: rounds at 0 and 4 s, two containers each.
        assertThat(counted.calls("stats")).isEqualTo(4);
        assertThat(last.usedCpus()).as("CPU from the two rounds' samples").isPositive();
        assertThat(last.sessions()).allMatch(s -> s.cpuPercent() > 0 && s.memUsedBytes() > 0);
    }

    @Test
    void everyCacheReportsItsTtl() {
        assertThat(caches.metrics())
                .extracting(CacheMetrics::name, m -> m.ttl().orElseThrow())
                .containsExactly(
                        Tuple.tuple("container status", Duration.ofSeconds(30)),
                        Tuple.tuple("container stats", Duration.ofSeconds(5)),
                        Tuple.tuple("container list", Duration.ofSeconds(60)),
                        Tuple.tuple("agent info", Duration.ofSeconds(60)));
    }

    /** Counts the calls that reach the engine underneath the cache. */
    private static final class CountingEngine implements AgentEngine {
        private final AgentEngine engine;
        private final Map<String, Integer> calls = new HashMap<>();

        CountingEngine(AgentEngine engine) {
            this.engine = engine;
        }

        synchronized int calls(String what) {
            return calls.getOrDefault(what, 0);
        }

        private synchronized void count(String what) {
            calls.merge(what, 1, Integer::sum);
        }

        @Override
        public Duration ping() throws EngineException {
            count("ping");
            return engine.ping();
        }

        @Override
        public EngineInfo info() throws EngineException {
            count("info");
            return engine.info();
        }

        @Override
        public List<ContainerSummary> listContainers(boolean all) throws EngineException {
            count("list");
            return engine.listContainers(all);
        }

        @Override
        public StatsSample stats(String id) throws EngineException {
            count("stats");
            return engine.stats(id);
        }

        @Override
        public Set<String> imageTags() throws EngineException {
            return engine.imageTags();
        }

        @Override
        public String create(ContainerSpec spec) throws EngineException {
            return engine.create(spec);
        }

        @Override
        public void start(String id) throws EngineException {
            engine.start(id);
        }

        @Override
        public void stop(String id, Duration grace) throws EngineException {
            engine.stop(id, grace);
        }

        @Override
        public void remove(String id, boolean force) throws EngineException {
            engine.remove(id, force);
        }

        @Override
        public ContainerState inspect(String id) throws EngineException {
            count("inspect");
            return engine.inspect(id);
        }

        private final List<Consumer<ContainerEvent>> listeners = new CopyOnWriteArrayList<>();

        /** An event as the engine would send it, to every subscriber. */
        void fire(ContainerEvent e) {
            listeners.forEach(l -> l.accept(e));
        }

        @Override
        public AutoCloseable events(Consumer<ContainerEvent> l) throws EngineException {
            AutoCloseable real = engine.events(l);
            listeners.add(l);
            return () -> {
                listeners.remove(l);
                real.close();
            };
        }

        @Override
        public void close() throws IOException {
            engine.close();
        }
    }
}
