package dev.fleetdeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.ContainerEvent;
import dev.fleetdeck.fleet.ContainerSpec;
import dev.fleetdeck.fleet.ContainerState;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.DockerEngine;
import dev.fleetdeck.fleet.EngineInfo;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.fleet.StatsSample;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * One full refresh of an agent running 50 containers, against {@code docker stats --no-stream}
 * for the same containers in the same run. Three refreshes: (a) steady state (streams open),
 * (b) cold (a new monitor: streams opening, waiting for two samples), (c) one-shot stats only.
 *
 * <pre>java -cp "bench/target/classes:bench/target/lib/*" dev.fleetdeck.bench.FleetRefreshBench [containers] [rounds]</pre>
 */
public final class FleetRefreshBench {
    private static final long MIB = 1L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FleetRefreshBench() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        try (BenchBed bed = new BenchBed()) {
            String agent = bed.agentNames().get(0);
            System.out.println("machine: " + BenchBed.machine());
            DockerEngine engine = bed.engine(agent);
            try {
                List<String> ids = startContainers(bed, engine, count);
                System.out.printf(Locale.ROOT, "%d containers running on %s; settling 3 s%n", ids.size(), agent);
                Thread.sleep(3000);
                run(bed, agent, engine, ids, rounds);
            } finally {
                bed.removeOurs();
                System.out.println("removed the benchmark's containers");
            }
        }
    }

    private static void run(BenchBed bed, String agent, DockerEngine engine, List<String> ids, int rounds)
            throws Exception {
        AgentMonitor steady = new AgentMonitor(bed.config(agent), engine, new AdminStates(), Clock.systemUTC());
        AgentMonitor oneShot =
                new AgentMonitor(bed.config(agent), new OneShotEngine(engine), new AdminStates(), Clock.systemUTC());
        AgentSnapshot first = steady.refresh(true);
        check(first, ids.size(), "steady first");
        check(oneShot.refresh(), ids.size(), "one-shot first");
        dockerStats(bed, agent, ids); // warm the CLI's page cache
        Thread.sleep(1500);

        List<Double> base = new ArrayList<>();
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        List<Double> c = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        System.out.println(
                "| round | docker stats --no-stream (ms) | (a) steady refresh (ms) | (b) cold refresh(true) (ms) | (c) one-shot refresh (ms) |");
        System.out.println("|---|---|---|---|---|");
        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            Map<String, JsonNode> cli = dockerStats(bed, agent, ids);
            double tb = ms(t0);

            t0 = System.nanoTime();
            AgentSnapshot sa = steady.refresh();
            double ta = ms(t0);
            check(sa, ids.size(), "steady");
            figures.add(compare(cli, sa));

            AgentMonitor cold = new AgentMonitor(bed.config(agent), engine, new AdminStates(), Clock.systemUTC());
            t0 = System.nanoTime();
            AgentSnapshot sb = cold.refresh(true);
            double tc = ms(t0);
            cold.close();
            check(sb, ids.size(), "cold");

            t0 = System.nanoTime();
            AgentSnapshot sc = oneShot.refresh();
            double td = ms(t0);
            check(sc, ids.size(), "one-shot");

            base.add(tb);
            a.add(ta);
            b.add(tc);
            c.add(td);
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f | %.0f | %.0f |%n", r, tb, ta, tc, td);
            Thread.sleep(1000);
        }
        steady.close();
        oneShot.close();

        Stats sb = new Stats(base);
        System.out.println();
        System.out.println(
                "| refresh | median ms (min–max) | ratio to docker stats (median of per-round ratios) | goal ≤ 0.25× |");
        System.out.println("|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| docker stats --no-stream (baseline) | %s | 1 | |%n", sb.summary("%.0f"));
        row("(a) steady: AgentMonitor.refresh()", a, base);
        row("(b) cold: new monitor, refresh(true)", b, base);
        row("(c) one-shot stats only", c, base);
        System.out.println();
        System.out.println("CPU and memory, docker stats vs (a), summed over the containers, per round:");
        figures.forEach(f -> System.out.println("  " + f));
    }

    private static void row(String name, List<Double> t, List<Double> base) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            ratios.add(t.get(i) / base.get(i));
        }
        Stats r = new Stats(ratios);
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %s |%n",
                name,
                new Stats(t).summary("%.1f"),
                r.summary("%.3f"),
                r.median() <= 0.25 ? "met" : "not met");
    }

    private static void check(AgentSnapshot s, int expected, String what) {
        if (!s.online() || s.sessionCount() != expected) {
            throw new IllegalStateException(what + " refresh: " + s.state() + ", " + s.sessionCount() + " of "
                    + expected + " sessions, error " + s.error());
        }
    }

    private static String compare(Map<String, JsonNode> cli, AgentSnapshot s) {
        double cliCpu = 0;
        double cliMem = 0;
        for (JsonNode n : cli.values()) {
            cliCpu += Double.parseDouble(
                    n.path("CPUPerc").asText().replace("%", "").trim());
            cliMem += bytes(n.path("MemUsage").asText().split("/", -1)[0].trim());
        }
        double cpu = s.sessions().stream().mapToDouble(Session::cpuPercent).sum();
        double mem = s.sessions().stream().mapToLong(Session::memUsedBytes).sum();
        return String.format(
                Locale.ROOT,
                "docker stats CPU %.1f %% / mem %.1f MiB; monitor CPU %.1f %% / mem %.1f MiB (%d vs %d containers)",
                cliCpu,
                cliMem / MIB,
                cpu,
                mem / MIB,
                cli.size(),
                s.sessionCount());
    }

    static double bytes(String s) {
        double v = Double.parseDouble(s.replaceAll("[^0-9.]", ""));
        if (s.endsWith("GiB")) {
            return v * 1024 * MIB;
        }
        if (s.endsWith("MiB")) {
            return v * MIB;
        }
        if (s.endsWith("KiB")) {
            return v * 1024;
        }
        return v;
    }

    private static Map<String, JsonNode> dockerStats(BenchBed bed, String agent, List<String> ids) throws IOException {
        List<String> args = new ArrayList<>(List.of("stats", "--no-stream", "--format", "{{json .}}"));
        args.addAll(ids);
        Map<String, JsonNode> byId = new HashMap<>();
        for (String line :
                bed.docker(agent, args.toArray(String[]::new)).strip().split("\n", -1)) {
            JsonNode n = JSON.readTree(line);
            byId.put(n.path("ID").asText(), n);
        }
        if (byId.size() != ids.size()) {
            throw new IllegalStateException("docker stats showed " + byId.size() + " of " + ids.size());
        }
        return byId;
    }

    /** 50 session containers of the plain image: a few burn a tenth of a CPU, some hold memory. */
    private static List<String> startContainers(BenchBed bed, DockerEngine engine, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4, daemon());
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    Map<String, String> labels = new HashMap<>(bed.labels());
                    labels.put(SessionLabels.SESSION, "rb-" + bed.runId + "-" + n);
                    labels.put(SessionLabels.USER, "bench");
                    labels.put(SessionLabels.WORKSPACE, "plain");
                    labels.put(SessionLabels.CORES, "0.1");
                    labels.put(SessionLabels.MEMORY, Long.toString(64 * MIB));
                    Map<String, String> env = new HashMap<>();
                    long nanoCpus = 0;
                    if (n % 10 == 0) { // 5 of 50: a busy loop capped at 0.1 CPU
                        env.put("LOAD_CPUS", "1");
                        nanoCpus = 100_000_000L;
                    }
                    if (n % 5 == 1) { // 10 of 50: 16 MB held
                        env.put("LOAD_MEM_MB", "16");
                    }
                    String id = engine.create(new ContainerSpec(
                            "fleetdeck/plain:1.0",
                            "fd-bench-" + bed.runId + "-" + n,
                            labels,
                            env,
                            64 * MIB,
                            0,
                            nanoCpus,
                            32 * MIB,
                            List.of()));
                    engine.start(id);
                    return id;
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    static ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
    }

    /** The engine without its stats stream: the monitor falls back to one one-shot request per container. */
    static final class OneShotEngine implements AgentEngine {
        private final AgentEngine d;

        OneShotEngine(AgentEngine d) {
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
