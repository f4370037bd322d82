package dev.fleetdeck.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.ContainerEvent;
import dev.fleetdeck.fleet.ContainerSpec;
import dev.fleetdeck.fleet.ContainerState;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.EngineInfo;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.fleet.StatsSample;
import dev.fleetdeck.launch.BulkLaunch;
import dev.fleetdeck.launch.ImagePresence;
import dev.fleetdeck.launch.InProcessQuotaCache;
import dev.fleetdeck.launch.LaunchEvent;
import dev.fleetdeck.launch.LaunchRequest;
import dev.fleetdeck.launch.Launcher;
import dev.fleetdeck.launch.Placement;
import dev.fleetdeck.launch.QuotaCheck;
import dev.fleetdeck.launch.Readiness;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Launch-to-ready through the console's pipeline against a raw {@code docker run -d} plus a
 * health poll every 50 ms, interleaved on one agent in the same run; how late the launcher sees
 * Docker's health event; and 50 concurrent launches over two agents.
 *
 * <pre>java -cp … dev.fleetdeck.bench.LaunchBench [rounds] [bulk count] [bulk parallelism]</pre>
 */
public final class LaunchBench {
    private static final long MIB = 1L << 20;
    private static final String IMAGE = "fleetdeck/firefox:1.0";

    private LaunchBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int bulk = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        System.out.println("machine: " + BenchBed.machine());
        Path dir = Files.createTempDirectory("fleetdeck-launchbench-");
        try (BenchBed bed = new BenchBed()) {
            String user = "bench-" + bed.runId;
            try {
                single(bed, dir, user, rounds);
                bulk(bed, dir, user, bulk, parallelism);
            } finally {
                bed.removeLabelled(SessionLabels.USER, user);
                bed.removeOurs();
                System.out.println("removed the benchmark's containers");
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The console's launch pipeline over the given agents, as Services wires it. */
    private static final class Console implements AutoCloseable {
        final FleetMonitor fleet;
        final Launcher launcher;
        final JournalStartupStore store;
        final ExecutorService pool = Executors.newFixedThreadPool(4, FleetRefreshBench.daemon());
        final ExecutorService stats = Executors.newFixedThreadPool(4, FleetRefreshBench.daemon());
        final Map<String, Instant> healthSeen = new ConcurrentHashMap<>(); // container → when the event reached us
        final Map<String, Instant> healthAt = new ConcurrentHashMap<>(); // container → Docker's timeNano

        Console(BenchBed bed, List<AgentConfig> agents, WorkspaceType ws, Path journal) throws Exception {
            AdminStates admin = new AdminStates();
            List<AgentMonitor> monitors = new ArrayList<>();
            for (AgentConfig a : agents) {
                monitors.add(new AgentMonitor(a, new Witness(bed.engine(a.name())), admin, Clock.systemUTC()));
            }
            fleet = new FleetMonitor(monitors, Duration.ofSeconds(2), 10, null, pool, Clock.systemUTC());
            fleet.refreshAll();
            store = new JournalStartupStore(journal, Json.mapper());
            ImagePresence images = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
            launcher = new Launcher(
                    fleet,
                    name -> name.equals(ws.name()) ? ws : null,
                    new QuotaCheck(new InProcessQuotaCache(Duration.ofSeconds(60), Ticker.systemTicker()), fleet, 1000),
                    new Placement(
                            fleet,
                            images,
                            System::nanoTime,
                            Duration.ofSeconds(4).toNanos()),
                    images,
                    new Readiness(System::nanoTime),
                    store,
                    Clock.systemUTC(),
                    System::nanoTime,
                    p -> System.out.println("problem: " + p));
        }

        @Override
        public void close() throws Exception {
            fleet.close();
            store.close();
            pool.shutdownNow();
            stats.shutdownNow();
        }

        /** The engine as it is, noting when each health event arrives (the witness, not the launcher). */
        final class Witness extends Forwarding {
            Witness(AgentEngine d) {
                super(d);
            }

            @Override
            public AutoCloseable events(Consumer<ContainerEvent> l) throws EngineException {
                return d.events(e -> {
                    if ("healthy".equals(e.healthStatus())) {
                        healthSeen.putIfAbsent(e.containerId(), Instant.now());
                        healthAt.putIfAbsent(e.containerId(), e.time());
                    }
                    l.accept(e);
                });
            }
        }
    }

    private static void single(BenchBed bed, Path dir, String user, int rounds) throws Exception {
        String agent = bed.agentNames().get(0);
        WorkspaceType ws = new WorkspaceType("firefox", IMAGE, 0.5, 256 * MIB, CpuAllocation.SHARES, 30);
        LaunchRequest request = new LaunchRequest("firefox", user, null, Map.of("STARTUP_SECONDS", "0"));
        Map<String, Instant> finished = new ConcurrentHashMap<>();
        Consumer<LaunchEvent> progress = e -> {
            if (e.phase() == LaunchEvent.Phase.FINISHED) {
                finished.put(e.sessionId(), Instant.now());
            }
        };
        List<Double> console = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> seenLatency = new ArrayList<>();
        List<Double> deliveryLatency = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        try (Console c = new Console(bed, List.of(bed.config(agent)), ws, dir.resolve("single.jsonl"))) {
            // One unmeasured round of each: image and page caches, JIT, connections.
            c.launcher.launch(request, progress);
            rawLaunch(bed, agent);
            bed.removeLabelled(SessionLabels.USER, user);
            bed.removeOurs();
            System.out.println(
                    "| round | console launch-to-ready (ms) | docker run + health poll (ms) | ratio | readiness seen after Docker's health event (ms) | source |");
            System.out.println("|---|---|---|---|---|---|");
            for (int r = 1; r <= rounds; r++) {
                c.fleet.refreshAll(); // the monitor knows the agent's load, as it would after a tick
                // Alternate which goes first, so neither always meets a busier engine.
                double tc;
                double tr;
                StartupRecord rec;
                if (r % 2 == 1) {
                    long t0 = System.nanoTime();
                    rec = c.launcher.launch(request, progress);
                    tc = (System.nanoTime() - t0) / 1e6;
                    tr = rawLaunch(bed, agent);
                } else {
                    tr = rawLaunch(bed, agent);
                    long t0 = System.nanoTime();
                    rec = c.launcher.launch(request, progress);
                    tc = (System.nanoTime() - t0) / 1e6;
                }
                if (!rec.ready()) {
                    throw new IllegalStateException("launch failed: " + rec.error());
                }
                Instant event = c.healthAt.get(rec.containerId());
                Instant seen = finished.get(rec.sessionId());
                Instant delivered = c.healthSeen.get(rec.containerId());
                double lat = event == null || seen == null
                        ? Double.NaN
                        : Duration.between(event, seen).toNanos() / 1e6;
                if (event != null && delivered != null) {
                    deliveryLatency.add(Duration.between(event, delivered).toNanos() / 1e6);
                }
                console.add(tc);
                raw.add(tr);
                ratios.add(tc / tr);
                if (!Double.isNaN(lat)) {
                    seenLatency.add(lat);
                }
                sources.add(rec.performance().readinessSource());
                System.out.printf(
                        Locale.ROOT,
                        "| %d | %.0f | %.0f | %.2f | %.1f | %s |%n",
                        r,
                        tc,
                        tr,
                        tc / tr,
                        lat,
                        rec.performance().readinessSource());
                bed.removeLabelled(SessionLabels.USER, user);
                bed.removeOurs();
            }
        }
        Stats rs = new Stats(ratios);
        Stats ls = new Stats(seenLatency);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "(a) launch-to-ready, median (min–max): console %s ms, raw %s ms; ratio %s (median of per-round ratios; median/median %.2f); goal ≤ 1.15×: %s%n",
                new Stats(console).summary("%.0f"),
                new Stats(raw).summary("%.0f"),
                rs.summary("%.2f"),
                new Stats(console).median() / new Stats(raw).median(),
                rs.median() <= 1.15 ? "met" : "NOT met");
        System.out.printf(
                Locale.ROOT,
                "(b) readiness seen by the launcher (FINISHED) after Docker's health_status event (timeNano): median %.1f ms, max %.1f ms, n=%d; goal ≤ 50 ms: %s%n",
                ls.median(),
                ls.max(),
                ls.n(),
                ls.max() <= 50 ? "met" : ls.median() <= 50 ? "met at the median, not at the max" : "NOT met");
        Stats ds = new Stats(deliveryLatency);
        System.out.printf(
                Locale.ROOT,
                "    of which event delivery (timeNano → docker-java listener): median %.1f ms, max %.1f ms; readiness sources %s%n",
                ds.median(),
                ds.max(),
                sources);
    }

    /**
     * The floor: {@code docker run -d} with the launch's limits and labels, then
     * {@code docker inspect} of the health every 50 ms until healthy.
     */
    private static double rawLaunch(BenchBed bed, String agent) throws InterruptedException {
        long t0 = System.nanoTime();
        String id = bed.docker(
                        agent,
                        "run",
                        "-d",
                        "--network",
                        "none",
                        "--label",
                        BenchBed.LABEL + "=" + bed.runId,
                        "--memory",
                        Long.toString(256 * MIB),
                        "--cpu-shares",
                        "512",
                        "-e",
                        "STARTUP_SECONDS=0",
                        IMAGE)
                .strip();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String health = bed.docker(agent, "inspect", "-f", "{{.State.Health.Status}}", id)
                    .strip();
            if ("healthy".equals(health)) {
                return (System.nanoTime() - t0) / 1e6;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("raw container " + id + " not healthy within 60 s");
    }

    private static void bulk(BenchBed bed, Path dir, String user, int count, int parallelism) throws Exception {
        // The test bed's engines report this machine's 2 CPUs: capacity is overridden so 50 sessions fit.
        List<AgentConfig> agents = new ArrayList<>();
        for (String a : bed.agentNames()) {
            AgentConfig c = bed.config(a);
            agents.add(new AgentConfig(c.name(), c.host(), null, c.zone(), true, 32, 32L << 30, false));
        }
        WorkspaceType ws = new WorkspaceType("firefox", IMAGE, 0.25, 128 * MIB, CpuAllocation.SHARES, 30);
        ExecutorService launchPool = Executors.newCachedThreadPool(FleetRefreshBench.daemon());
        try (Console c = new Console(bed, agents, ws, dir.resolve("bulk.jsonl"))) {
            BulkLaunch bulkLaunch = new BulkLaunch(c.launcher, launchPool);
            long t0 = System.nanoTime();
            List<BulkLaunch.Result> results = bulkLaunch
                    .launch(
                            new LaunchRequest("firefox", user, null, Map.of("STARTUP_SECONDS", "0")),
                            count,
                            parallelism,
                            null,
                            r -> {})
                    .results()
                    .get(10, TimeUnit.MINUTES);
            double total = (System.nanoTime() - t0) / 1e9;
            List<Double> each = new ArrayList<>();
            Map<String, Integer> perAgent = new TreeMap<>();
            List<String> errors = new ArrayList<>();
            for (BulkLaunch.Result r : results) {
                if (r.ready()) {
                    each.add((double) r.record().performance().totalStartupTimeMs());
                    perAgent.merge(r.record().agent(), 1, Integer::sum);
                } else {
                    errors.add(r.record() == null ? r.refusal() : r.record().error());
                }
            }
            Stats s = new Stats(each);
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "(c) %d launches over %d agents, parallelism %d: %.1f s in all; ready %d, failed %d %s; per launch p50 %.0f ms, p95 %.0f ms, max %.0f ms; spread %s%n",
                    count,
                    agents.size(),
                    parallelism,
                    total,
                    each.size(),
                    errors.size(),
                    errors.isEmpty() ? "" : errors,
                    s.median(),
                    s.p(95),
                    s.max(),
                    perAgent);
            int running = 0;
            for (String a : bed.agentNames()) {
                String ids = bed.docker(a, "ps", "-q", "--filter", "label=" + SessionLabels.USER + "=" + user)
                        .strip();
                running += ids.isEmpty() ? 0 : ids.split("\\s+").length;
            }
            System.out.printf(
                    Locale.ROOT, "    docker ps counts %d running session containers of the bench user%n", running);
        } finally {
            launchPool.shutdownNow();
        }
    }

    /** An engine that forwards every call; subclasses override what they watch. */
    static class Forwarding implements AgentEngine {
        final AgentEngine d;

        Forwarding(AgentEngine d) {
            this.d = d;
        }

        @Override
        public Duration ping() throws EngineException {
            return d.ping();
        }

        @Override
        public EngineInfo info() throws EngineException {
            return d.info();
        }

        @Override
        public List<ContainerSummary> listContainers(boolean all) throws EngineException {
            return d.listContainers(all);
        }

        @Override
        public StatsSample stats(String id) throws EngineException {
            return d.stats(id);
        }

        @Override
        public Map<String, StatsSample> statsAll(List<String> ids) throws EngineException {
            return d.statsAll(ids);
        }

        @Override
        public Set<String> imageTags() throws EngineException {
            return d.imageTags();
        }

        @Override
        public String create(ContainerSpec spec) throws EngineException {
            return d.create(spec);
        }

        @Override
        public void start(String id) throws EngineException {
            d.start(id);
        }

        @Override
        public void stop(String id, Duration grace) throws EngineException {
            d.stop(id, grace);
        }

        @Override
        public void remove(String id, boolean force) throws EngineException {
            d.remove(id, force);
        }

        @Override
        public ContainerState inspect(String id) throws EngineException {
            return d.inspect(id);
        }

        @Override
        public AutoCloseable events(Consumer<ContainerEvent> l) throws EngineException {
            return d.events(l);
        }

        @Override
        public void close() {}
    }
}
