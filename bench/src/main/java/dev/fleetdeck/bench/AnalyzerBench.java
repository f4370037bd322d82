package dev.fleetdeck.bench;

import com.fasterxml.jackson.core.JsonFactory;
import dev.fleetdeck.analytics.StartupAnalytics;
import dev.fleetdeck.config.WorkspaceCatalog;
import dev.fleetdeck.startup.AnalysisRun;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.ReportText;
import dev.fleetdeck.startup.StartupAnalysis;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.startup.TrendUnit;
import dev.fleetdeck.store.JournalStartupStore;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fleetdeck analyze --input} on a million launches, each round in fresh JVMs — a CLI call is
 * always a cold JVM — against the floor of a fresh JVM just reading the file's lines, in the same
 * run. Every child runs with {@code -Xmx256m} (finishing at all proves the memory goal) and logs its
 * collections; the peak heap is the most in use before any collection, or at exit.
 *
 * <p>Per round, in this order: the baseline (a JVM counting lines with {@code readLine}); the reader
 * on one thread as the CLI used it before ranges (same API, same text report, without picocli and
 * wiring); then the real CLI, {@code dev.fleetdeck.app.Main analyze --input FILE}, twice: first with
 * no digest of the file in its data folder (it parses the JSON and writes the digest), then again
 * (it replays the digest). The three reports must agree, or the bench fails.
 *
 * <p>Modes (third argument): {@code cli} (the above, default); {@code scanner}: the one-thread read
 * with the byte scanner and with Jackson alone, whether the scanner still pays; {@code incremental}:
 * the window's work per finished launch with the records already analyzed.
 *
 * <pre>java -cp "bench/target/classes:bench/target/lib/*" dev.fleetdeck.bench.AnalyzerBench [records] [rounds] [mode]</pre>
 */
public final class AnalyzerBench {
    /** The journal ends now: the CLI's window is the last 7 days on the system clock. */
    @SuppressWarnings("TimeInStaticInitializer") // one "now" for the whole run, on purpose
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static final String[] TYPES = {"firefox", "vscode", "burp", "kali", "empire"};
    /** Share of launches per type, and the mean session creation and monitoring per type (ms). */
    private static final double[] TYPE_WEIGHT = {0.35, 0.25, 0.10, 0.20, 0.10};

    private static final long[] CREATE_MEAN = {12_000, 16_000, 22_000, 26_000, 18_000};
    private static final long[] MONITOR_MEAN = {6_000, 9_000, 12_000, 14_000, 10_000};
    private static final int AGENTS = 20;
    private static final int SLOW_AGENT = 7;
    /** The 7-day window's edge, and how far from it no launch starts. */
    private static final long EDGE_MS = 7L * 86_400_000;

    private static final long EDGE_GAP_MS = 3_600_000;
    private static final Pattern GC_BEFORE = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");
    private static final Pattern EXIT_USED = Pattern.compile("garbage-first heap\\s+total (\\d+)K, used (\\d+)K");

    private AnalyzerBench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String mode = args.length > 2 ? args[2] : "cli";
        if (!List.of("cli", "scanner", "incremental").contains(mode)) {
            throw new IllegalArgumentException("unknown mode '" + mode + "': use cli, scanner or incremental");
        }
        Path dir = Files.createTempDirectory("fleetdeck-analyzer-bench-");
        Path file = dir.resolve("records.jsonl");
        try {
            long t0 = System.nanoTime();
            generate(file, count);
            System.out.printf(
                    Locale.ROOT,
                    "generated %,d records, %,d MB, in %.1f s%n",
                    count,
                    Files.size(file) >> 20,
                    (System.nanoTime() - t0) / 1e9);
            if (mode.equals("scanner")) {
                scanner(dir, file, rounds);
                return;
            }
            if (mode.equals("incremental")) {
                Child c = run(dir, "incremental", Incremental.class.getName(), file.toString(), "300");
                System.out.print(c.stdout);
                return;
            }
            System.out.printf(
                    Locale.ROOT,
                    "children: -Xmx256m, %d cores, %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.version"));
            System.out.println("| round | wc -l (s) | baseline readLine (s) | reader on one thread, no CLI (s) "
                    + "| CLI first run, builds the digest (s) | CLI from the digest (s) | digest CLI / wc -l "
                    + "| CPU s: baseline / one thread / CLI first / CLI digest "
                    + "| peak heap one thread / CLI first / CLI digest (MB) | digest (MB) | load (1 min) |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            String last = "";
            // The CLI as a user starts it: the launcher's options for a command and its class archive.
            List<String> cliJvm = CommandJvm.line("command");
            cliJvm = cliJvm.subList(1, cliJvm.size());
            System.out.println("CLI child: " + String.join(" ", cliJvm));
            // The CLI's data folder, where the digest of an --input file is kept (its cache).
            Path data = dir.resolve("data");
            Path digests = data.resolve("cache").resolve("digests");
            Map<String, String> env = Map.of("FLEETDECK_DATA_DIR", data.toString());
            for (int round = 1; round <= rounds; round++) {
                double wc = wcSeconds(file);
                Child baseline = run(dir, "baseline", LineCount.class.getName(), file.toString());
                Child sequential = run(dir, "sequential", SequentialAnalyze.class.getName(), file.toString(), "scan");
                // Each round starts without a digest: the first CLI run parses the JSON and writes one.
                deleteTree(digests);
                Child first = run(dir, "cli-first", cliJvm, env, "analyze", "--input", file.toString());
                long digestMb = digestBytes(digests) >> 20;
                Child cli = run(dir, "cli", cliJvm, env, "analyze", "--input", file.toString());
                for (Child c : List.of(first, cli, sequential)) {
                    if (c.stderr.contains("skipped")) {
                        throw new IllegalStateException("generated lines did not read: " + c.stderr);
                    }
                }
                System.out.printf(
                        Locale.ROOT,
                        "| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f / %.2f / %.2f / %.2f | %d / %d / %d | %d | %.1f |%n",
                        round,
                        wc,
                        baseline.seconds,
                        sequential.seconds,
                        first.seconds,
                        cli.seconds,
                        cli.seconds / wc,
                        baseline.cpuSeconds,
                        sequential.cpuSeconds,
                        first.cpuSeconds,
                        cli.cpuSeconds,
                        sequential.peakHeapMb,
                        first.peakHeapMb,
                        cli.peakHeapMb,
                        digestMb,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                for (Child c : List.of(first, cli)) {
                    if (!withoutTimes(sequential.stdout).equals(withoutTimes(c.stdout))) {
                        throw new IllegalStateException("the CLI's report differs from the one-thread report:\n"
                                + sequential.stdout + "\n---\n" + c.stdout);
                    }
                }
                last = cli.stdout;
            }
            System.out.println("same report from the one-thread path, the first CLI run and the digest's in every round"
                    + " (window stamps aside); the CLI's:");
            System.out.println(last);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Whether the byte scanner still pays: the same one-thread timings read in fresh JVMs, with the
     * scanner and with Jackson alone, against {@code wc -l} and the readLine baseline of the same round.
     */
    private static void scanner(Path dir, Path file, int rounds) throws IOException, InterruptedException {
        System.out.println(
                "| round | wc -l (s) | readLine (s) | scanner (s) | Jackson only (s) | CPU s scanner / Jackson "
                        + "| scanner / wc -l | load (1 min) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int round = 1; round <= rounds; round++) {
            double wc = wcSeconds(file);
            Child baseline = run(dir, "baseline", LineCount.class.getName(), file.toString());
            Child scan = run(dir, "scan", SequentialAnalyze.class.getName(), file.toString(), "scan");
            Child jackson = run(dir, "jackson", SequentialAnalyze.class.getName(), file.toString(), "jackson");
            if (!withoutTimes(scan.stdout).equals(withoutTimes(jackson.stdout))) {
                throw new IllegalStateException("scanner and Jackson reports differ");
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %.2f | %.2f | %.2f | %.2f | %.2f / %.2f | %.1f | %.1f |%n",
                    round,
                    wc,
                    baseline.seconds,
                    scan.seconds,
                    jackson.seconds,
                    scan.cpuSeconds,
                    jackson.cpuSeconds,
                    scan.seconds / wc,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static long digestBytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new IllegalStateException("the first CLI run wrote no digest in " + dir);
        }
        try (var paths = Files.list(dir)) {
            long sum = 0;
            for (Path p : paths.toList()) {
                sum += Files.size(p);
            }
            return sum;
        }
    }

    /** {@code wc -l FILE}, wall seconds: the floor of reading the file at all. */
    private static double wcSeconds(Path file) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("wc", "-l", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wc -l failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The report without its first line, which holds the window's "now": the children start apart. */
    private static String withoutTimes(String report) {
        int nl = report.indexOf('\n');
        return nl < 0 ? report : report.substring(nl + 1);
    }

    private record Child(double seconds, double cpuSeconds, long peakHeapMb, String stdout, String stderr) {}

    /** Runs a main class in a fresh JVM with -Xmx256m; the time is from start to exit, JVM start included. */
    private static Child run(Path dir, String name, String... mainAndArgs) throws IOException, InterruptedException {
        List<String> launch = List.of("-cp", System.getProperty("java.class.path"), mainAndArgs[0]);
        return run(dir, name, launch, Arrays.copyOfRange(mainAndArgs, 1, mainAndArgs.length));
    }

    /** The same with {@code launch}: JVM options, class path and main class, as a launcher gives them. */
    private static Child run(Path dir, String name, List<String> launch, String... args)
            throws IOException, InterruptedException {
        return run(dir, name, launch, Map.of(), args);
    }

    /** The same with more environment variables for the child. */
    private static Child run(Path dir, String name, List<String> launch, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path gcLog = dir.resolve(name + ".gc.log");
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Files.deleteIfExists(gcLog);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Xlog:gc,gc+heap+exit:file=" + gcLog));
        command.addAll(launch);
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        // CPU time as last seen alive (sampled every 5 ms, so a few ms short): on a shared machine it
        // says what the work costs when the wall clock says mostly how busy the neighbours are.
        Duration cpu = Duration.ZERO;
        while (!p.waitFor(5, TimeUnit.MILLISECONDS)) {
            cpu = p.info().totalCpuDuration().orElse(cpu);
        }
        int code = p.exitValue();
        double seconds = (System.nanoTime() - start) / 1e9;
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        if (code != 0) {
            throw new IllegalStateException(name + " exited " + code + ": " + stderr);
        }
        long peakKb = 0;
        String log = Files.readString(gcLog);
        Matcher m = GC_BEFORE.matcher(log);
        while (m.find()) {
            peakKb = Math.max(peakKb, Long.parseLong(m.group(1)) * 1024);
        }
        Matcher exit = EXIT_USED.matcher(log);
        while (exit.find()) {
            peakKb = Math.max(peakKb, Long.parseLong(exit.group(2)));
        }
        return new Child(seconds, cpu.toMillis() / 1e3, peakKb >> 10, stdout, stderr);
    }

    /** The baseline child: the floor any reader pays, reading the lines and counting them. */
    public static final class LineCount {
        public static void main(String[] args) throws IOException {
            try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
                long n = 0;
                while (in.readLine() != null) {
                    n++;
                }
                System.out.println(n + " lines");
            }
        }
    }

    /**
     * The analysis on one thread (no ranges, no CLI), then the text report; with "jackson" the
     * timings are read without the byte scanner.
     */
    public static final class SequentialAnalyze {
        public static void main(String[] args) throws IOException {
            Path file = Path.of(args[0]);
            boolean scan = args.length < 2 || !args[1].equals("jackson");
            StartupAnalytics analytics =
                    new StartupAnalytics(WorkspaceCatalog.builtIn(), Clock.systemUTC(), new StartupRecordCodec());
            AnalysisRun run = analytics.newRun(StartupAnalytics.Query.lastDays(7));
            long[] problems = {0};
            new StartupRecordCodec(new JsonFactory(), StartupRecordCodec.Detail.TIMINGS, scan)
                    .read(file, run, problem -> {
                        problems[0]++;
                        System.err.println(RecordProblem.of(file.toString(), problem));
                    });
            if (problems[0] > 0) {
                System.err.println("fleetdeck: " + problems[0] + " unreadable records skipped in " + file);
            }
            StartupAnalysis analysis = run.result();
            System.out.print(new ReportText().render(analysis, false));
            System.out.flush();
        }
    }

    /**
     * The window's work per finished launch with the file's records already analyzed: the launch
     * added to the kept analysis and a new result (report, trend, regression check, histogram
     * times), timed launch by launch. The first read is as the window does it, then N launches.
     */
    public static final class Incremental {
        public static void main(String[] args) throws IOException {
            Path file = Path.of(args[0]);
            int launches = Integer.parseInt(args[1]);
            StartupAnalytics analytics =
                    new StartupAnalytics(WorkspaceCatalog.builtIn(), Clock.systemUTC(), new StartupRecordCodec());
            StartupAnalytics.Query query = new StartupAnalytics.Query(7, null, null, TrendUnit.HOUR);
            long t0 = System.nanoTime();
            AnalysisRun run = analytics.newRun(query);
            JournalStartupStore.read(file, new StartupRecordCodec(), run, p -> {});
            run.result();
            long read = System.nanoTime() - t0;
            SplittableRandom random = new SplittableRandom(1);
            long[] ns = new long[launches];
            for (int i = 0; i < launches; i++) {
                StartupRecord r = new StartupRecord(
                        "new-" + i,
                        TYPES[i % TYPES.length],
                        "u",
                        "agent-01",
                        "c",
                        i % 30 == 0 ? StartupRecord.Outcome.FAILED : StartupRecord.Outcome.READY,
                        null,
                        false,
                        List.of(),
                        new StartupRecord.Performance(
                                Instant.now(),
                                100,
                                10,
                                20_000 + random.nextInt(20_000),
                                9_000,
                                30_000 + random.nextInt(20_000),
                                2,
                                50,
                                List.of(),
                                "events"));
                long s = System.nanoTime();
                run.accept(r);
                StartupAnalysis a = run.result();
                long[] totals = run.successfulTotalsMs();
                ns[i] = System.nanoTime() - s;
                if (a.report().count() == 0 || totals.length == 0) {
                    throw new IllegalStateException("empty analysis");
                }
            }
            long[] sorted = ns.clone();
            Arrays.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "first read of the store: %.2f s; %d launches added one by one, work per launch: "
                            + "median %.1f ms, P95 %.1f ms, max %.1f ms (first %.1f ms); launches analyzed %,d%n",
                    read / 1e9,
                    launches,
                    sorted[launches / 2] / 1e6,
                    sorted[(int) (launches * 0.95)] / 1e6,
                    sorted[launches - 1] / 1e6,
                    ns[0] / 1e6,
                    run.result().report().count());
        }
    }

    /**
     * Launches over eight days (so about one in eight falls outside the 7-day window), five types
     * with their own spreads, ~3 % failures, and one agent whose session creation is twice as slow.
     */
    public static void generate(Path file, int count) throws IOException {
        SplittableRandom random = new SplittableRandom(20260120);
        long nowMs = NOW.toEpochMilli();
        long span = 8L * 86_400_000;
        StringBuilder line = new StringBuilder(700);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                int type = pickType(random.nextDouble());
                int agent = 1 + random.nextInt(AGENTS);
                boolean failed = random.nextDouble() < 0.03;
                boolean events = random.nextBoolean();
                long quota = 80 + (long) (random.nextDouble() * random.nextDouble() * 400);
                long placement = 2L + random.nextInt(30);
                long create = lognormal(random, (double) (CREATE_MEAN[type] * (agent == SLOW_AGENT ? 2 : 1)), 0.35);
                long monitoring = lognormal(random, MONITOR_MEAN[type] * (events ? 0.6 : 1.0), 0.4);
                if (failed) {
                    monitoring = random.nextInt(3) == 0 ? 0 : monitoring;
                }
                long total = quota + placement + create + monitoring + random.nextInt(50);
                int checks = events ? 1 : (int) Math.max(1, monitoring / 1_500);
                long ago = (long) (random.nextDouble() * span);
                if (Math.abs(ago - EDGE_MS) < EDGE_GAP_MS) {
                    // None near the window's edge: children started seconds apart must count the same.
                    ago = EDGE_MS + EDGE_GAP_MS;
                }
                Instant at = Instant.ofEpochMilli(nowMs - ago);
                String agentName = String.format(Locale.ROOT, "agent-%02d", agent);
                line.setLength(0);
                line.append("{\"sessionId\":\"s-")
                        .append(i)
                        .append("\",\"workspaceType\":\"")
                        .append(TYPES[type])
                        .append("\",\"user\":\"user")
                        .append(random.nextInt(5_000))
                        .append("\",\"agent\":\"")
                        .append(agentName)
                        .append("\",\"containerId\":\"")
                        .append(Long.toHexString(random.nextLong()))
                        .append(Long.toHexString(random.nextLong()))
                        .append("\",\"outcome\":\"")
                        .append(failed ? "failed" : "ready")
                        .append("\",\"error\":")
                        .append(failed ? "\"image pull timed out\"" : "null")
                        .append(",\"staged\":false,")
                        .append("\"attempts\":[{\"agent\":\"")
                        .append(agentName)
                        .append("\",\"outcome\":\"")
                        .append(failed ? "failed" : "ok")
                        .append("\",\"error\":null,\"startOffsetMs\":")
                        .append(quota)
                        .append(",\"durationMs\":")
                        .append(create)
                        .append("}],")
                        .append("\"performance\":{\"provisioningStartedAt\":\"")
                        .append(at)
                        .append("\",")
                        .append("\"quotaCheckDurationMs\":")
                        .append(quota)
                        .append(",\"placementDurationMs\":")
                        .append(placement)
                        .append(",\"sessionCreateDurationMs\":")
                        .append(create)
                        .append(",\"monitoringDurationMs\":")
                        .append(monitoring)
                        .append(",\"totalStartupTimeMs\":")
                        .append(total)
                        .append(",\"statusCheckAttempts\":")
                        .append(checks)
                        .append(",\"averageStatusCheckDurationMs\":")
                        .append(40 + random.nextInt(200))
                        .append(",\"statusCheckOffsetsMs\":[");
                long offset = quota + placement + create;
                for (int c = 0; c < checks; c++) {
                    offset += monitoring / checks;
                    line.append(c == 0 ? "" : ",").append(offset);
                }
                line.append("],\"readinessSource\":\"")
                        .append(events ? "events" : "polling")
                        .append("\"}}\n");
                out.append(line);
            }
        }
    }

    private static int pickType(double u) {
        double acc = 0;
        for (int t = 0; t < TYPES.length; t++) {
            acc += TYPE_WEIGHT[t];
            if (u < acc) {
                return t;
            }
        }
        return TYPES.length - 1;
    }

    /** A log-normal duration with this mean: startup times have a long right tail, not a bell. */
    private static long lognormal(SplittableRandom random, double mean, double sigma) {
        double gaussian =
                Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        double mu = Math.log(mean) - sigma * sigma / 2;
        return Math.max(1, Math.round(Math.exp(mu + sigma * gaussian)));
    }
}
