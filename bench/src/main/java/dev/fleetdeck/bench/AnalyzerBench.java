package dev.fleetdeck.bench;

import dev.fleetdeck.startup.AnalysisOptions;
import dev.fleetdeck.startup.AnalysisReport;
import dev.fleetdeck.startup.StartupAccumulator;
import dev.fleetdeck.startup.StartupAnalyzer;
import dev.fleetdeck.startup.StartupRecordReader;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The startup analyzer on a million launches, against the floor of just reading the file's lines,
 * in the same run. Run with {@code -Xmx256m}: finishing at all proves the memory goal.
 *
 * <pre>java -Xmx256m -cp … dev.fleetdeck.bench.AnalyzerBench [records] [rounds]</pre>
 */
public final class AnalyzerBench {
    private static final Instant NOW = Instant.parse("2026-01-20T12:00:00Z");
    private static final String[] TYPES = {"firefox", "vscode", "burp", "kali", "empire"};
    /** Share of launches per type, and the mean session creation and monitoring per type (ms). */
    private static final double[] TYPE_WEIGHT = {0.35, 0.25, 0.10, 0.20, 0.10};
    private static final long[] CREATE_MEAN = {12_000, 16_000, 22_000, 26_000, 18_000};
    private static final long[] MONITOR_MEAN = {6_000, 9_000, 12_000, 14_000, 10_000};
    private static final int AGENTS = 20;
    private static final int SLOW_AGENT = 7;

    private AnalyzerBench() {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path file = Files.createTempFile("fleetdeck-startup-", ".jsonl");
        try {
            long t0 = System.nanoTime();
            generate(file, count);
            System.out.printf(Locale.ROOT, "generated %,d records, %,d MB, in %.1f s%n", count,
                    Files.size(file) >> 20, (System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "max heap %d MB, %d cores, %s%n",
                    Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.version"));
            System.out.println("| round | baseline readLine (s) | analyze (s) | ratio | peak heap used (MB) |");
            System.out.println("|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                System.gc();
                double baseline = time(() -> countLines(file));
                System.gc();
                HeapSampler sampler = new HeapSampler();
                sampler.start();
                long start = System.nanoTime();
                AnalysisReport report = analyze(file);
                double analyze = (System.nanoTime() - start) / 1e9;
                long peak = sampler.finish();
                System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %d |%n", round, baseline, analyze,
                        analyze / baseline, peak >> 20);
                if (round == rounds) {
                    System.out.printf(Locale.ROOT, "report: %d launches (%d excluded), %.2f %% failed, avg %.0f ms,"
                                    + " median %.0f, p95 %.0f, p99 %.0f; %d recommendations%n", report.count(),
                            report.excluded(), 100 * report.failureRate(), report.avgMs(), report.medianMs(),
                            report.p95Ms(), report.p99Ms(), report.recommendations().size());
                    report.recommendations().forEach(r -> System.out.println("  - " + r));
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static AnalysisReport analyze(Path file) throws IOException {
        StartupAnalyzer analyzer = new StartupAnalyzer(Clock.fixed(NOW, ZoneOffset.UTC));
        StartupAccumulator acc = analyzer.accumulator(AnalysisOptions.defaults());
        AtomicLong problems = new AtomicLong();
        new StartupRecordReader(StartupRecordReader.Detail.TIMINGS).read(file, acc, p -> problems.incrementAndGet());
        if (problems.get() != 0) {
            throw new IllegalStateException(problems.get() + " generated lines did not read");
        }
        return acc.report();
    }

    private static long countLines(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long n = 0;
            while (in.readLine() != null) {
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Work {
        long run();
    }

    private static double time(Work work) {
        long start = System.nanoTime();
        long n = work.run();
        double s = (System.nanoTime() - start) / 1e9;
        if (n == 0) {
            throw new IllegalStateException("no lines");
        }
        return s;
    }

    /** Samples heap in use every few milliseconds: the peak a user would see, GC included. */
    private static final class HeapSampler extends Thread {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private volatile boolean running = true;
        private long peak;

        HeapSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long finish() {
            running = false;
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        }
    }

    /**
     * Launches over eight days (so about one in eight falls outside the 7-day window), five types
     * with their own spreads, ~3 % failures, and one agent whose session creation is twice as slow.
     */
    static void generate(Path file, int count) throws IOException {
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
                long placement = 2 + random.nextInt(30);
                long create = lognormal(random, CREATE_MEAN[type] * (agent == SLOW_AGENT ? 2 : 1), 0.35);
                long monitoring = lognormal(random, MONITOR_MEAN[type] * (events ? 0.6 : 1.0), 0.4);
                if (failed) {
                    monitoring = random.nextInt(3) == 0 ? 0 : monitoring;
                }
                long total = quota + placement + create + monitoring + random.nextInt(50);
                int checks = events ? 1 : (int) Math.max(1, monitoring / 1_500);
                Instant at = Instant.ofEpochMilli(nowMs - (long) (random.nextDouble() * span));
                String agentName = String.format(Locale.ROOT, "agent-%02d", agent);
                line.setLength(0);
                line.append("{\"sessionId\":\"s-").append(i).append("\",\"workspaceType\":\"").append(TYPES[type])
                        .append("\",\"user\":\"user").append(random.nextInt(5_000)).append("\",\"agent\":\"")
                        .append(agentName).append("\",\"containerId\":\"").append(Long.toHexString(random.nextLong()))
                        .append(Long.toHexString(random.nextLong())).append("\",\"outcome\":\"")
                        .append(failed ? "failed" : "ready").append("\",\"error\":")
                        .append(failed ? "\"image pull timed out\"" : "null").append(",\"staged\":false,")
                        .append("\"attempts\":[{\"agent\":\"").append(agentName).append("\",\"outcome\":\"")
                        .append(failed ? "failed" : "ok").append("\",\"error\":null,\"startOffsetMs\":")
                        .append(quota).append(",\"durationMs\":").append(create).append("}],")
                        .append("\"performance\":{\"provisioningStartedAt\":\"").append(at).append("\",")
                        .append("\"quotaCheckDurationMs\":").append(quota)
                        .append(",\"placementDurationMs\":").append(placement)
                        .append(",\"sessionCreateDurationMs\":").append(create)
                        .append(",\"monitoringDurationMs\":").append(monitoring)
                        .append(",\"totalStartupTimeMs\":").append(total)
                        .append(",\"statusCheckAttempts\":").append(checks)
                        .append(",\"averageStatusCheckDurationMs\":").append(40 + random.nextInt(200))
                        .append(",\"statusCheckOffsetsMs\":[");
                long offset = quota + placement + create;
                for (int c = 0; c < checks; c++) {
                    offset += monitoring / checks;
                    line.append(c == 0 ? "" : ",").append(offset);
                }
                line.append("],\"readinessSource\":\"").append(events ? "events" : "polling").append("\"}}\n");
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
        double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        double mu = Math.log(mean) - sigma * sigma / 2;
        return Math.max(1, Math.round(Math.exp(mu + sigma * gaussian)));
    }
}
