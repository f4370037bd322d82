package dev.fleetdeck.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.DockerEngine;
import dev.fleetdeck.fleet.DockerEngineSettings;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.launch.ImagePresence;
import dev.fleetdeck.launch.InProcessQuotaCache;
import dev.fleetdeck.launch.LaunchRequest;
import dev.fleetdeck.launch.Launcher;
import dev.fleetdeck.launch.Placement;
import dev.fleetdeck.launch.QuotaCheck;
import dev.fleetdeck.launch.Readiness;
import dev.fleetdeck.pool.PoolKeeper;
import dev.fleetdeck.pool.SessionClaims;
import dev.fleetdeck.pool.StagingPool;
import dev.fleetdeck.pool.StagingPools;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Launch-to-ready of a session taken from a staging pool against a cold launch, on one real agent
 * with one image, in the same run: rounds interleave the two (alternating which goes first) so
 * drift of the machine hits both alike; medians reported. The workspace sleeps STARTUP_SECONDS
 * before its healthcheck passes, as a real desktop takes its time to come up.
 *
 * <pre>java -cp "bench/target/classes:bench/target/lib/*" dev.fleetdeck.bench.StagedLaunchBench \
 *     unix:///tmp/fdtb/agent1/docker.sock [rounds] [startupSeconds]</pre>
 */
public final class StagedLaunchBench {
    private static final String IMAGE = "fleetdeck/firefox:1.0";

    private StagedLaunchBench() {}

    public static void main(String[] args) throws Exception {
        URI host = URI.create(args.length > 0 ? args[0] : "unix:///var/run/docker.sock");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String startupSeconds = args.length > 2 ? args[2] : "2";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Path journal = Files.createTempFile("fleetdeck-bench-", ".jsonl");
        AgentConfig agent = new AgentConfig("bench1", host, null, "bench", true, 0, 0, false);
        DockerEngine engine = new DockerEngine(agent, DockerEngineSettings.defaults());
        SessionClaims claims = new SessionClaims();
        FleetMonitor fleet = new FleetMonitor(
                List.of(new AgentMonitor(agent, engine, new AdminStates(), Clock.systemUTC(), claims)),
                Duration.ofSeconds(2),
                10,
                null,
                pool,
                Clock.systemUTC());
        List<String> containers = new ArrayList<>();
        try (JournalStartupStore store = new JournalStartupStore(journal, Json.mapper())) {
            fleet.refreshAll();
            WorkspaceType firefox = new WorkspaceType("firefox", IMAGE, 0.25, 128L << 20, CpuAllocation.SHARES, 30);
            Map<String, String> env = Map.of("STARTUP_SECONDS", startupSeconds);
            StagingPools pools = new StagingPools(
                    List.of(new StagingPool(null, "firefox", 1, Duration.ofHours(1), env)),
                    claims,
                    fleet,
                    Clock.systemUTC(),
                    System::nanoTime,
                    System.err::println);
            ImagePresence images = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
            Launcher launcher = new Launcher(
                    fleet,
                    name -> name.equals("firefox") ? firefox : null,
                    new QuotaCheck(new InProcessQuotaCache(Duration.ofSeconds(60), Ticker.systemTicker()), fleet, 1000),
                    new Placement(
                            fleet,
                            images,
                            System::nanoTime,
                            Duration.ofSeconds(4).toNanos()),
                    images,
                    new Readiness(System::nanoTime),
                    store,
                    pools,
                    Clock.systemUTC(),
                    System::nanoTime,
                    System.err::println);
            PoolKeeper keeper = new PoolKeeper(pools, launcher, scheduler, Clock.systemUTC(), System.err::println);

            System.out.printf(
                    Locale.ROOT,
                    "agent %s, image %s, STARTUP_SECONDS=%s, %d rounds, %d cores, %s%n",
                    host,
                    IMAGE,
                    startupSeconds,
                    rounds,
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.version"));
            System.out.println("| round | first | cold (ms) | staged (ms) | ratio |");
            System.out.println("|---|---|---|---|---|");
            double[] cold = new double[rounds];
            double[] staged = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                String user = "bench-" + round;
                boolean stagedFirst = round % 2 == 0;
                if (stagedFirst) {
                    keeper.refill();
                    staged[round] = launch(launcher, user, env, true, containers);
                    cold[round] = launch(launcher, user, env, false, containers);
                } else {
                    // The pool is empty here, so this launch is a cold one.
                    cold[round] = launch(launcher, user, env, false, containers);
                    keeper.refill();
                    staged[round] = launch(launcher, user, env, true, containers);
                }
                System.out.printf(
                        Locale.ROOT,
                        "| %d | %s | %.0f | %.1f | %.0f× |%n",
                        round + 1,
                        stagedFirst ? "staged" : "cold",
                        cold[round],
                        staged[round],
                        cold[round] / staged[round]);
                for (String id : containers) {
                    engine.remove(id, true);
                }
                containers.clear();
            }
            double mc = median(cold);
            double ms = median(staged);
            System.out.printf(
                    Locale.ROOT,
                    "median cold %.0f ms, median staged %.1f ms: %.0f× faster (goal ≥ 10×: %s);"
                            + " pool hit rate %.0f %%%n",
                    mc,
                    ms,
                    mc / ms,
                    mc / ms >= 10 ? "met" : "not met",
                    100 * pools.counts().hitRate());
        } finally {
            for (String id : containers) {
                engine.remove(id, true);
            }
            fleet.close();
            engine.close();
            scheduler.shutdownNow();
            pool.shutdownNow();
            Files.deleteIfExists(journal);
        }
    }

    /** Launch-to-ready as the user waits for it: from the call to the ready record, in ms. */
    private static double launch(
            Launcher launcher, String user, Map<String, String> env, boolean expectStaged, List<String> containers)
            throws Exception {
        long t0 = System.nanoTime();
        StartupRecord r = launcher.launch(new LaunchRequest("firefox", user, null, env), null);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.containerId() != null) {
            containers.add(r.containerId());
        }
        if (!r.ready() || r.staged() != expectStaged) {
            throw new IllegalStateException("launch " + (expectStaged ? "from the pool" : "cold")
                    + " went wrong: staged=" + r.staged() + ", " + r.outcome() + " " + r.error());
        }
        return ms;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
