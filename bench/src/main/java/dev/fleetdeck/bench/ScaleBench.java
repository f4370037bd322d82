package dev.fleetdeck.bench;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.bench.TimedCommand.Timed;
import dev.fleetdeck.cache.CacheCounts;
import dev.fleetdeck.cache.CacheSample;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.SessionLabels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Monitoring at fleet scale on real engines: the console (its window under a display, wired as
 * the application wires it, on the test bed's {@code fleet.yaml}) watching N agents × M plain
 * {@code sleep} containers that carry Fleetdeck's session labels. Measured in one run:
 *
 * <ul>
 *   <li>the console's threads at N × 5 and N × 50 (and at N × M);</li>
 *   <li>the console's CPU at N × M (its process CPU time over a window);</li>
 *   <li>what the agents spend for being monitored: the CPU of every dockerd, containerd and
 *       containerd-shim of this test bed (from /proc) above idle, against what {@code docker stats}
 *       streaming every container costs them, same containers;</li>
 *   <li>{@code fleetdeck agents} wall time against {@code docker stats --no-stream} on every
 *       agent in parallel;</li>
 *   <li>the container caches' hit rate while the console ran.</li>
 * </ul>
 *
 * <pre>java -cp … dev.fleetdeck.bench.ScaleBench [containers per agent] [window seconds] [warm-up seconds] [steady window seconds]</pre>
 * The console's CPU, its allocation, the figures' age and the agents' CPU while monitored are
 * measured over the steady window (default 180 s) after a warm-up at N × M (default 120 s); the
 * other windows are {@code window} seconds (default 30).
 * The number of agents is the test bed's ({@code testbed.sh up N}).
 */
public final class ScaleBench {
    private static final String IMAGE = "fleetdeck/plain:1.0";

    private ScaleBench() {}

    public static void main(String[] args) throws Exception {
        int perAgent = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        int steady = args.length > 3 ? Integer.parseInt(args[3]) : 180;
        System.out.println("machine: " + BenchBed.machine() + ", load " + loadAverage());
        try (BenchBed bed = new BenchBed()) {
            try {
                run(bed, perAgent, window, warmup, steady);
            } finally {
                bed.removeOurs();
            }
        }
        // JavaFX and docker-java leave non-daemon threads; the run is over.
        System.exit(0);
    }

    private static void run(BenchBed bed, int perAgent, int window, int warmup, int steady) throws Exception {
        List<String> agents = bed.agentNames();
        int n = agents.size();
        Path config = bed.dir.resolve("fleet.yaml");
        AgentsCpu agentsCpu = new AgentsCpu(bed.dir);
        Map<String, Integer> running = new HashMap<>();
        agents.forEach(a -> running.put(a, 0));

        grow(bed, running, 5);
        System.out.printf(
                Locale.ROOT,
                "%d agents; load %s; agents' processes: %d%n",
                n,
                loadAverage(),
                agentsCpu.pids().size());
        double idleBefore = agentsCpu.coresOver(window / 2);
        System.out.printf(Locale.ROOT, "agents idle (%d × 5): %.3f cores%n", n, idleBefore);

        BenchConsole console = BenchConsole.open(config);
        Services services = console.services;
        Path data = console.data;
        // Long enough for every lazily started pool (Redis client, event streams, cache watch) to exist.
        Thread.sleep(30_000);
        int threadsAt5 = maxThreads(10);
        System.out.printf(Locale.ROOT, "console threads at %d × 5: %d%n", n, threadsAt5);

        Map<String, Integer> groupsAt5 = ConsoleFootprint.threadCounts();

        grow(bed, running, perAgent);
        console.awaitSessions(n * perAgent);
        // The console's steady state, not its warm-up: the JIT compiles the refresh path for minutes.
        System.out.printf(Locale.ROOT, "warming up for %d s; load %s%n", warmup, loadAverage());
        Thread.sleep(warmup * 1000L);
        int threadsAtM = maxThreads(5);
        CacheCounts cachesBefore = containerCaches(services);
        AtomicLong ticks = new AtomicLong();
        Consumer<FleetSnapshot> counting = s -> ticks.incrementAndGet();
        services.fleet().addListener(counting);
        FigureAges ages = FigureAges.start(services.fleet());
        ConsoleFootprint footprint = new ConsoleFootprint();
        double monitored = agentsCpu.coresOver(steady);
        ConsoleFootprint.Window w = footprint.stop();
        ages.stop();
        services.fleet().removeListener(counting);
        double consoleCpu = w.cpuCores();
        CacheCounts cacheDelta = containerCaches(services).minus(cachesBefore);
        w.print("  ");
        double refreshKb = w.bytesOf("fleetdeck-refresh") / 1e3 / Math.max(1, ticks.get()) / n;
        System.out.printf(
                Locale.ROOT,
                "  %d ticks; refresh threads allocated %.1f KB per agent refresh%n",
                ticks.get(),
                refreshKb);
        System.out.printf(
                Locale.ROOT,
                "  figures' age over the window (now − the daemon's read time of the oldest sample shown),"
                        + " worst agent: max %.2f s, p99 %.2f s%n",
                ages.maxSeconds(),
                ages.p99Seconds());
        long rss = rssBytes();
        FleetSnapshot seen = services.fleet().current();
        System.out.printf(
                Locale.ROOT,
                "console at %d × %d: threads %d, CPU %.3f cores, RSS %d MiB, sessions seen %d%n",
                n,
                perAgent,
                threadsAtM,
                consoleCpu,
                rss >> 20,
                seen.sessionCount());
        System.out.printf(Locale.ROOT, "agents while monitored: %.3f cores%n", monitored);
        printCaches(services, cacheDelta);

        grow(bed, running, 50);
        console.awaitSessions(n * 50);
        Thread.sleep(8_000);
        int threadsAt50 = maxThreads(10);
        System.out.printf(Locale.ROOT, "console threads at %d × 50: %d%n", n, threadsAt50);
        Map<String, Integer> groupsAt50 = ConsoleFootprint.threadCounts();
        System.out.println("  thread groups at " + n + " × 5: " + new TreeMap<>(groupsAt5));
        System.out.println("  thread groups that differ at " + n + " × 50: " + differing(groupsAt5, groupsAt50));

        console.close();
        shrink(bed, running, perAgent);
        Thread.sleep(5_000);

        double idle = agentsCpu.coresOver(window);
        System.out.printf(Locale.ROOT, "agents idle (%d × %d, no console): %.3f cores%n", n, perAgent, idle);
        double streaming = dockerStatsStreaming(bed, agentsCpu, window);
        System.out.printf(Locale.ROOT, "agents under docker stats streaming every container: %.3f cores%n", streaming);

        List<Long> ours = new ArrayList<>();
        List<Long> asLaunched = new ArrayList<>();
        List<Long> theirs = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            Timed a = round % 2 == 0 ? fleetdeckAgents(config, data, List.of()) : null;
            Timed d = TimedCommand.dockerStatsNoStream(bed, false);
            if (a == null) {
                a = fleetdeckAgents(config, data, List.of());
            }
            // The same command as the launcher starts it (C1 only, the class archive): what a user runs.
            Timed c1 = fleetdeckAgentsAsLaunched(config, data);
            ours.add(a.wallMillis());
            asLaunched.add(c1.wallMillis());
            theirs.add(d.wallMillis());
            System.out.printf(
                    Locale.ROOT,
                    "round %d: java -jar fleetdeck.jar agents %d ms (CPU %d ms), as the launcher starts it %d ms (CPU %d ms);"
                            + " docker stats --no-stream on every agent %d ms (CPU %d ms)%n",
                    round + 1,
                    a.wallMillis(),
                    a.cpuMillis(),
                    c1.wallMillis(),
                    c1.cpuMillis(),
                    d.wallMillis(),
                    d.cpuMillis());
        }

        double cost = monitored - idle;
        double baseline = streaming - idle;
        System.out.println();
        System.out.printf(
                Locale.ROOT, "| figure | measured | baseline, same run | ratio | goal |%n|---|---|---|---|---|%n");
        System.out.printf(
                Locale.ROOT,
                "| console threads, %d × 5 / %d × %d / %d × 50 | %d / %d / %d | — | spread %d | ≤ %d, spread ≤ 8 |%n",
                n,
                n,
                perAgent,
                n,
                threadsAt5,
                threadsAtM,
                threadsAt50,
                Math.max(threadsAt5, threadsAt50) - Math.min(threadsAt5, threadsAt50),
                64 + 2 * n);
        System.out.printf(
                Locale.ROOT,
                "| console CPU, %d × %d, %d s after %d s of warm-up | %.1f %% of a core (GC %d ms, JIT %d ms;"
                        + " %.0f KB allocated per agent refresh) | — | — | ≤ 5 %% |%n",
                n,
                perAgent,
                steady,
                warmup,
                consoleCpu * 100,
                w.gcMillis(),
                w.jitMillis(),
                refreshKb);
        System.out.printf(
                Locale.ROOT,
                "| figures' age (now − the daemon's read time of the oldest sample shown) | max %.2f s, p99 %.2f s"
                        + " | — | — | sessions ≤ 5 s, totals ≤ 2 intervals (4 s) |%n",
                ages.maxSeconds(),
                ages.p99Seconds());
        System.out.printf(
                Locale.ROOT,
                "| agents' CPU for being monitored | %.3f cores above idle (%.3f) | docker stats streaming: %.3f above idle | %.2f× | ≤ 0.3× |%n",
                cost,
                idle,
                baseline,
                cost / baseline);
        System.out.printf(
                Locale.ROOT,
                "| `fleetdeck agents` wall time | %s ms (median %d) | docker stats --no-stream ×%d in parallel: %s ms (median %d) | %.2f× | ≤ 1.0× |%n",
                ours,
                median(ours),
                n,
                theirs,
                median(theirs),
                median(ours) / (double) median(theirs));
        System.out.printf(
                Locale.ROOT,
                "| `fleetdeck agents` as the launcher starts it (C1 only, class archive) | %s ms (median %d) | same | %.2f× | — |%n",
                asLaunched,
                median(asLaunched),
                median(asLaunched) / (double) median(theirs));
        System.out.printf(
                Locale.ROOT,
                "| container caches hit rate | %.1f %% (%d hits, %d misses) | — | — | ≥ 80 %% |%n",
                cacheDelta.hitRate() * 100,
                cacheDelta.hits(),
                cacheDelta.misses());
        System.out.printf(
                Locale.ROOT,
                "| sessions the console saw at %d × %d | %d | docker ps: %d | — | equal |%n",
                n,
                perAgent,
                seen.sessionCount(),
                n * perAgent);
        System.out.println("load average at the end: " + loadAverage());
    }

    /** Starts containers until every agent runs {@code target} of this run's; agents in parallel. */
    static void grow(BenchBed bed, Map<String, Integer> running, int target) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(running.size());
        try {
            List<Future<?>> all = new ArrayList<>();
            for (String agent : running.keySet()) {
                int from = running.get(agent);
                all.add(pool.submit(() -> {
                    for (int i = from; i < target; i++) {
                        String session = "scale-" + bed.runId + "-" + agent + "-" + i;
                        bed.docker(
                                agent,
                                "run",
                                "-d",
                                "--network",
                                "none",
                                "--name",
                                session,
                                "--label",
                                BenchBed.LABEL + "=" + bed.runId,
                                "--label",
                                SessionLabels.SESSION + "=" + session,
                                "--label",
                                SessionLabels.USER + "=user" + (i % 40),
                                "--label",
                                SessionLabels.WORKSPACE + "=firefox",
                                "--label",
                                SessionLabels.CORES + "=0.5",
                                "--label",
                                SessionLabels.MEMORY + "=" + (256L << 20),
                                IMAGE,
                                "sleep",
                                "1000000");
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            running.replaceAll((a, was) -> Math.max(was, target));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void shrink(BenchBed bed, Map<String, Integer> running, int target) {
        for (String agent : running.keySet()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            for (int i = target; i < running.get(agent); i++) {
                args.add("scale-" + bed.runId + "-" + agent + "-" + i);
            }
            if (args.size() > 2) {
                bed.docker(agent, args.toArray(String[]::new));
            }
        }
        running.replaceAll((agent, was) -> target);
    }

    /**
     * The most threads the console had over a few seconds (sampled every 100 ms): this JVM's
     * threads without the bench's own, its main thread and the JDK's "process reaper"s, one per
     * {@code docker run} the bench had in flight (ten of them live on for a while after each
     * growth; they were the "ten more threads at 50 per agent" of the last session's runs).
     */
    private static int maxThreads(int seconds) throws InterruptedException {
        int max = 0;
        for (int i = 0; i < seconds * 10; i++) {
            int bench = 0;
            for (Map.Entry<String, Integer> e : ConsoleFootprint.threadCounts().entrySet()) {
                if (BENCH_THREADS.contains(e.getKey()) || e.getKey().startsWith("bench-")) {
                    bench += e.getValue();
                }
            }
            max = Math.max(max, ManagementFactory.getThreadMXBean().getThreadCount() - bench);
            Thread.sleep(100);
        }
        return max;
    }

    private static final Set<String> BENCH_THREADS = Set.of("main", "process reaper");

    private static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static CacheCounts containerCaches(Services services) {
        CacheCounts sum = CacheCounts.ZERO;
        for (CacheSample s : services.caches().registry().read().caches()) {
            if (s.name().startsWith("container") || s.name().equals("agent info")) {
                sum = sum.plus(s.counts());
            }
        }
        return sum;
    }

    private static void printCaches(Services services, CacheCounts total) {
        for (CacheSample s : services.caches().registry().read().caches()) {
            System.out.printf(
                    Locale.ROOT,
                    "  cache %-16s since start: %d hits, %d misses (%.1f %%)%n",
                    s.name(),
                    s.counts().hits(),
                    s.counts().misses(),
                    s.counts().hitRate() * 100);
        }
        System.out.printf(
                Locale.ROOT,
                "  container caches over the window: %d hits, %d misses (%.1f %%)%n",
                total.hits(),
                total.misses(),
                total.hitRate() * 100);
    }

    /** {@code docker stats} on every agent (it streams every running container), for a window. */
    static double dockerStatsStreaming(BenchBed bed, AgentsCpu cpu, int window) throws Exception {
        List<Process> streams = new ArrayList<>();
        try {
            for (String agent : bed.agentNames()) {
                streams.add(new ProcessBuilder(
                                "docker",
                                "-H",
                                bed.agents.get(agent).toString(),
                                "stats",
                                "--format",
                                "{{.ID}} {{.CPUPerc}} {{.MemUsage}}")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start());
            }
            Thread.sleep(5_000);
            return cpu.coresOver(window);
        } finally {
            for (Process p : streams) {
                p.destroy();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static Timed fleetdeckAgents(Path config, Path data, List<String> jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", "app/target/fleetdeck.jar", "--config", config.toString(), "agents"));
        return TimedCommand.run(cmd, Map.of("FLEETDECK_DATA_DIR", data.toString()), false);
    }

    private static Timed fleetdeckAgentsAsLaunched(Path config, Path data) throws Exception {
        List<String> cmd = new ArrayList<>(CommandJvm.line("command"));
        cmd.addAll(List.of("--config", config.toString(), "agents"));
        return TimedCommand.run(cmd, Map.of("FLEETDECK_DATA_DIR", data.toString()), false);
    }

    /** Groups whose count differs, as {@code name: before → after}. */
    private static String differing(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, String> diff = new TreeMap<>();
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            int a = before.getOrDefault(name, 0);
            int b = after.getOrDefault(name, 0);
            if (a != b) {
                diff.put(name, a + " → " + b);
            }
        }
        return diff.toString();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII)
                    .split(" ", -1)[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
