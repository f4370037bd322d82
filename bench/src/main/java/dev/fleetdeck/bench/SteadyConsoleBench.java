package dev.fleetdeck.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady console on real engines, measured late and long: N agents × M plain containers, then
 * one console per variant (a classpath and JVM options: this build, an earlier one, another GC),
 * each a JVM of its own with its window open, warmed up for a while before a window in which its
 * CPU, GC, JIT and allocation are measured, and with them what the agents spent meanwhile. Rounds
 * alternate the variants' order, so a machine shared with other builds burdens them alike.
 *
 * <pre>java -cp … dev.fleetdeck.bench.SteadyConsoleBench M WARMUP WINDOW ROUNDS 'name|classpath|jvm options' …</pre>
 */
public final class SteadyConsoleBench {
    private SteadyConsoleBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("console")) {
            console(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            System.exit(0);
        }
        int perAgent = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int window = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        List<String[]> variants = new ArrayList<>();
        for (String v : Arrays.asList(args).subList(4, args.length)) {
            variants.add(v.split("\\|", -1));
        }
        System.out.println("machine: " + BenchBed.machine() + ", load " + ScaleBench.loadAverage());
        try (BenchBed bed = new BenchBed()) {
            try {
                run(bed, perAgent, warmup, window, rounds, variants);
            } finally {
                bed.removeOurs();
            }
        }
    }

    private static void run(BenchBed bed, int perAgent, int warmup, int window, int rounds, List<String[]> variants)
            throws Exception {
        int n = bed.agentNames().size();
        AgentsCpu agentsCpu = new AgentsCpu(bed.dir);
        Map<String, Integer> running = new HashMap<>();
        bed.agentNames().forEach(a -> running.put(a, 0));
        ScaleBench.grow(bed, running, perAgent);
        Thread.sleep(5_000);
        double idle = agentsCpu.coresOver(30);
        System.out.printf(
                Locale.ROOT,
                "%d × %d; agents idle (no console): %.3f cores; load %s%n",
                n,
                perAgent,
                idle,
                ScaleBench.loadAverage());
        double streaming = ScaleBench.dockerStatsStreaming(bed, agentsCpu, 30);
        System.out.printf(
                Locale.ROOT,
                "agents under docker stats streaming: %.3f cores (%.3f above idle)%n",
                streaming,
                streaming - idle);
        Map<String, List<String>> table = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < variants.size(); k++) {
                String[] v = variants.get(round % 2 == 0 ? k : variants.size() - 1 - k);
                Map<String, String> result = child(v, n * perAgent, warmup, window, agentsCpu);
                double cost = Double.parseDouble(result.getOrDefault("agents", "NaN")) - idle;
                table.computeIfAbsent(v[0], x -> new ArrayList<>())
                        .add(String.format(
                                Locale.ROOT,
                                "round %d: console %s %% (GC %s %%, JIT %s %%), alloc %s MB/s, refresh alloc %s KB per"
                                        + " agent refresh, agents %.3f above idle = %.2f× docker stats, threads %s,"
                                        + " load %s",
                                round + 1,
                                result.get("cpu"),
                                result.get("gc"),
                                result.get("jit"),
                                result.get("alloc"),
                                result.get("refreshKB"),
                                cost,
                                cost / (streaming - idle),
                                result.get("threads"),
                                ScaleBench.loadAverage()));
            }
        }
        System.out.println();
        table.forEach((name, lines) -> lines.forEach(l -> System.out.println(name + " " + l)));
    }

    /** Runs one variant's console and measures the agents during its window. */
    private static Map<String, String> child(String[] v, int sessions, int warmup, int window, AgentsCpu agentsCpu)
            throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (v.length > 2 && !v[2].isBlank()) {
            cmd.addAll(Arrays.asList(v[2].trim().split("\\s+")));
        }
        cmd.addAll(List.of(
                "-cp",
                v[1],
                SteadyConsoleBench.class.getName(),
                "console",
                Integer.toString(sessions),
                Integer.toString(warmup),
                Integer.toString(window)));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<String, String> result = new HashMap<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("  [" + v[0] + "] " + line);
                if (line.equals("WINDOW")) {
                    result.put("agents", Double.toString(agentsCpu.coresOver(window)));
                } else if (line.startsWith("RESULT ")) {
                    for (String kv : line.substring(7).split(" ", -1)) {
                        int eq = kv.indexOf('=');
                        result.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return result;
    }

    /** The child: one console, warmed up, then measured. */
    private static void console(int sessions, int warmup, int window) throws Exception {
        try (BenchBed bed = new BenchBed()) {
            int agents = bed.agentNames().size();
            BenchConsole console = BenchConsole.open(bed.dir.resolve("fleet.yaml"));
            AtomicLong ticks = new AtomicLong();
            console.services.fleet().addListener(s -> ticks.incrementAndGet());
            console.awaitSessions(sessions);
            Thread.sleep(warmup * 1000L);
            System.out.println("WINDOW");
            long ticks0 = ticks.get();
            ConsoleFootprint footprint = new ConsoleFootprint();
            Thread.sleep(window * 1000L);
            ConsoleFootprint.Window w = footprint.stop();
            long tickCount = ticks.get() - ticks0;
            w.print("");
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.println("threads by group: " + new TreeMap<>(ConsoleFootprint.threadCounts()));
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long refresh = w.bytesOf("fleetdeck-refresh");
            System.out.printf(
                    Locale.ROOT,
                    "RESULT cpu=%.1f gc=%.1f jit=%.1f alloc=%.2f refreshKB=%.1f threads=%d heapMB=%d sessions=%d%n",
                    w.cpuCores() * 100,
                    w.gcMillis() / w.seconds() / 10,
                    w.jitMillis() / w.seconds() / 10,
                    w.allocatedBytes() / w.seconds() / 1e6,
                    tickCount == 0 ? 0 : refresh / 1e3 / tickCount / agents,
                    threads,
                    memory.getHeapMemoryUsage().getUsed() >> 20,
                    console.services.fleet().current().sessionCount());
            console.close();
        }
    }
}
