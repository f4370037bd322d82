package dev.fleetdeck.bench;

import dev.fleetdeck.bench.TimedCommand.Timed;
import dev.fleetdeck.fleet.SessionLabels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cold start of a command on the real test bed: {@code fleetdeck agents} (every agent read
 * once, M plain sleeping containers each) against {@code docker stats --no-stream} on every agent in
 * parallel, the issue's baseline, and against {@code java -version} (a JVM's own floor), each round
 * in fresh processes: the command as {@code java -jar} started it before (C2, no class archive) and
 * as the launcher starts it now ({@link CommandJvm}). Also {@code --version}: the start alone.
 *
 * <p>Two more columns say where the command's time goes against the engines' own floor: CPU needs
 * two of a daemon's stats collections, which run once a second, so any client waits for a second
 * collection after its first request. "Ticks alone" is that wait with no client start at all
 * ({@code curl} asking {@code stream=false} of every container at once, as {@code docker stats
 * --no-stream} does); "first stats request" is when the command's JVM first asked an engine for
 * stats (the class-load log's first {@code OneShotStats$Connection}), its own start and opening before it.
 *
 * <pre>
 *   installer/testbed/testbed.sh up 3
 *   java -cp "bench/target/classes:bench/target/lib/*" dev.fleetdeck.bench.CommandStartBench 30 3
 * </pre>
 */
public final class CommandStartBench {
    private CommandStartBench() {}

    public static void main(String[] args) throws Exception {
        int perAgent = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (BenchBed bed = new BenchBed()) {
            Map<String, Integer> running = new HashMap<>();
            bed.agentNames().forEach(a -> running.put(a, 0));
            try {
                ScaleBench.grow(bed, running, perAgent);
                measure(bed, perAgent, rounds);
            } finally {
                bed.removeOurs();
            }
        }
    }

    private static void measure(BenchBed bed, int perAgent, int rounds) throws Exception {
        Path data = Files.createTempDirectory("fleetdeck-start-");
        // The test bed's fleet with a longer agent timeout: on a loaded machine a cold JVM's first
        // engine calls can take longer than the default 3 s, and an agent reported offline would
        // be timed for less work than one read.
        Path config = data.resolve("fleet.yaml");
        Files.writeString(
                config, Files.readString(bed.dir.resolve("fleet.yaml")) + "settings: { agentTimeout: 30s }\n");
        Map<String, String> env = Map.of("FLEETDECK_DATA_DIR", data.toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> before = List.of(java, "-jar", "app/target/fleetdeck.jar");
        List<String> now = CommandJvm.line("command");
        System.out.println("now: " + String.join(" ", now));
        System.out.printf(
                Locale.ROOT,
                "%d agents × %d containers; each cell: wall ms (CPU ms)%n%n",
                bed.agentNames().size(),
                perAgent);
        System.out.println("| round | java -version | --version before / now | docker stats --no-stream ×N"
                + " | ticks alone | agents before | agents now | agents now: first stats request at"
                + " | agents now / docker stats | load (1 min) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Timed jvm = timed(List.of(java, "-version"), env);
            Timed versionBefore = timed(with(before, "--version"), env);
            Timed versionNow = timed(with(now, "--version"), env);
            Timed docker = TimedCommand.dockerStatsNoStream(bed, true);
            long ticks = ticksAlone(bed);
            Timed agentsBefore = timed(with(before, "--config", config.toString(), "agents"), env);
            Path classes = data.resolve("classes-" + round + ".log");
            Timed agentsNow = timed(
                    with(
                            beforeMain(now, "-Xlog:class+load:file=" + classes + ":uptime"),
                            "--config",
                            config.toString(),
                            "agents"),
                    env);
            double ratio = agentsNow.wallMillis() / (double) docker.wallMillis();
            ratios.add(ratio);
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %s | %s / %s | %s | %d | %s | %s | %s | %.2f× | %s |%n",
                    round,
                    cell(jvm),
                    cell(versionBefore),
                    cell(versionNow),
                    cell(docker),
                    ticks,
                    cell(agentsBefore),
                    cell(agentsNow),
                    firstStatsRequest(classes),
                    ratio,
                    ScaleBench.loadAverage());
        }
        System.out.printf(
                Locale.ROOT,
                "%nagents now / docker stats --no-stream, median of %d: %.2f× (goal ≤ 1.0×)%n",
                rounds,
                ratios.stream().sorted().toList().get(rounds / 2));
        published(bed, config, data, env, now, rounds);
    }

    /**
     * {@code agents} while a keeper runs (as on a fleet with staging pools, or with a window open):
     * it prints the keeper's reading instead of reading the engines. The keeper's config is the same
     * fleet with a pool of one firefox per zone, so it has a duty and stays up.
     */
    private static void published(
            BenchBed bed, Path config, Path data, Map<String, String> env, List<String> now, int rounds)
            throws Exception {
        String yaml = Files.readString(config);
        String firefox = "  - name: firefox\n    image: fleetdeck/firefox:1.0\n";
        if (!yaml.contains(firefox)) {
            throw new IllegalStateException("the test bed's fleet.yaml has no firefox workspace to pool");
        }
        Path pooled = data.resolve("fleet-pooled.yaml");
        Files.writeString(pooled, yaml.replace(firefox, firefox + "    poolSize: 1\n"));
        List<String> keeperLine = new ArrayList<>(CommandJvm.line("window"));
        keeperLine.addAll(List.of("--config", pooled.toString(), "keeper"));
        ProcessBuilder pb = new ProcessBuilder(keeperLine)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("keeper.log").toFile());
        pb.environment().putAll(env);
        Process keeper = pb.start();
        try {
            List<String> agents = with(now, "--config", pooled.toString(), "agents");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!output(agents, env).contains("figures of keeper ")) {
                if (System.nanoTime() > deadline || !keeper.isAlive()) {
                    throw new IllegalStateException(
                            "the keeper published no reading within 3 minutes: see " + data.resolve("keeper.log"));
                }
                Thread.sleep(1000);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nWith a keeper running (it publishes its reading every refresh; agents prints it):%n%n"
                            + "| round | docker stats --no-stream ×N | agents now (keeper's reading) | agents now / docker stats | load (1 min) |%n"
                            + "|---|---|---|---|---|%n");
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Timed docker = TimedCommand.dockerStatsNoStream(bed, true);
                Timed printed = timed(agents, env);
                double ratio = printed.wallMillis() / (double) docker.wallMillis();
                ratios.add(ratio);
                System.out.printf(
                        Locale.ROOT,
                        "| %d | %s | %s | %.2f× | %s |%n",
                        round,
                        cell(docker),
                        cell(printed),
                        ratio,
                        ScaleBench.loadAverage());
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nagents with a keeper's reading / docker stats --no-stream, median of %d: %.2f× (goal ≤ 1.0×)%n",
                    rounds,
                    ratios.stream().sorted().toList().get(rounds / 2));
        } finally {
            keeper.destroy(); // SIGTERM: the keeper gives its lease up; its staged sessions are ours to remove
            if (!keeper.waitFor(30, TimeUnit.SECONDS)) {
                keeper.destroyForcibly();
            }
            bed.removeLabelled(SessionLabels.STAGED, "true");
        }
    }

    /** What a command printed on stdout, whatever its exit (an agent offline exits 1). */
    private static String output(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    private static String cell(Timed t) {
        return t.wallMillis() + " (" + t.cpuMillis() + ")";
    }

    private static List<String> with(List<String> line, String... args) {
        List<String> all = new ArrayList<>(line);
        all.addAll(List.of(args));
        return all;
    }

    /** {@code line} with {@code option} before its last element, the main class. */
    private static List<String> beforeMain(List<String> line, String option) {
        List<String> all = new ArrayList<>(line);
        all.add(all.size() - 1, option);
        return all;
    }

    /** When the JVM of a class-load log first asked an engine for stats, in ms since its start. */
    private static String firstStatsRequest(Path classLog) throws IOException {
        try (var lines = Files.lines(classLog)) {
            return lines.filter(l -> l.contains(" dev.fleetdeck.fleet.OneShotStats$Connection "))
                    .findFirst()
                    // "[1.920s] dev.fleetdeck…": uptime in seconds
                    .map(l -> Math.round(Double.parseDouble(l.substring(1, l.indexOf('s'))) * 1000) + " ms")
                    .orElse("?");
        }
    }

    /**
     * Wall ms until every container of every agent answered {@code stream=false} stats, all asked
     * at once by curl: the two collections' wait, with no client start in it.
     */
    private static long ticksAlone(BenchBed bed) throws Exception {
        Map<String, List<String>> ids = new HashMap<>();
        for (String agent : bed.agentNames()) {
            Process ps = new ProcessBuilder(
                            "docker", "-H", bed.agents.get(agent).toString(), "ps", "-q", "--no-trunc")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            ids.put(
                    agent,
                    new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .filter(l -> !l.isBlank())
                            .toList());
            ps.waitFor(60, TimeUnit.SECONDS);
        }
        List<Process> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (String agent : bed.agentNames()) {
            String socket = bed.agents.get(agent).getPath();
            for (String id : ids.get(agent)) {
                all.add(new ProcessBuilder(
                                "curl",
                                "-sf",
                                "-o",
                                "/dev/null",
                                "--unix-socket",
                                socket,
                                "http://engine/containers/" + id + "/stats?stream=false")
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start());
            }
        }
        for (Process p : all) {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("curl of stream=false stats failed or took over 60 s");
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static Timed timed(List<String> cmd, Map<String, String> env) throws Exception {
        return TimedCommand.run(cmd, env, true);
    }
}
