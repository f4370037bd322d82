package dev.fleetdeck.bench;

import dev.fleetdeck.history.HistoryRange;
import dev.fleetdeck.history.HostSample;
import dev.fleetdeck.history.LocalHistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The local history store: its size on disk per agent after 30 days, and what one refresh's write
 * costs. {@code HistoryStoreBench [AGENTS] [TYPES] [REFRESHES]} (defaults 12 agents, 5 workspace
 * types each, 1,000 refreshes). The month is written at each range's resolution (every bucket of
 * every range filled, as 30 days of refreshes leave it); the write cost is one {@code record} of
 * every agent's sample, as a console writes each refresh, to the file and, as the baseline in the
 * same run, to an in-memory store (the same SQL without the disk).
 */
public final class HistoryStoreBench {
    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int types = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int refreshes = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Path dir = Files.createTempDirectory("fd-history-bench");
        Path file = dir.resolve("history.db");
        SplittableRandom random = new SplittableRandom(7);
        Instant now = Instant.now();
        try (LocalHistoryStore store = LocalHistoryStore.open(file)) {
            long started = System.nanoTime();
            List<HostSample> month = new ArrayList<>();
            Instant from = now.minus(HistoryRange.MONTH.span());
            for (Instant t = from; t.isBefore(now); ) {
                Duration age = Duration.between(t, now);
                HistoryRange r = HistoryRange.covering(age).orElse(HistoryRange.MONTH);
                for (int a = 0; a < agents; a++) {
                    month.add(sample("agent-" + a, t, types, random));
                }
                t = t.plus(r.step());
            }
            store.record(month, now);
            double fillSeconds = (System.nanoTime() - started) / 1e9;
            long size = store.sizeOnDisk();
            System.out.printf(
                    Locale.ROOT,
                    "month: %d agents x %d types, %,d samples written in %.1f s;"
                            + " file %,d bytes = %,d bytes (%.0f KiB) per agent%n",
                    agents,
                    types,
                    month.size(),
                    fillSeconds,
                    size,
                    size / agents,
                    size / 1024.0 / agents);

            List<Double> disk = new ArrayList<>();
            List<Double> memory = new ArrayList<>();
            try (LocalHistoryStore baseline = LocalHistoryStore.inMemory()) {
                for (int i = 0; i < refreshes; i++) {
                    Instant at = now.plusSeconds(2L * i);
                    List<HostSample> refresh = new ArrayList<>();
                    for (int a = 0; a < agents; a++) {
                        refresh.add(sample("agent-" + a, at, types, random));
                    }
                    long t0 = System.nanoTime();
                    store.record(refresh);
                    long t1 = System.nanoTime();
                    baseline.record(refresh);
                    long t2 = System.nanoTime();
                    disk.add((t1 - t0) / 1e6);
                    memory.add((t2 - t1) / 1e6);
                }
            }
            Stats d = new Stats(disk);
            Stats m = new Stats(memory);
            System.out.printf(
                    Locale.ROOT,
                    "one refresh of %d agents (%d rows upserted): file median %.2f ms, p95 %.2f ms,"
                            + " max %.1f ms; in memory median %.2f ms, p95 %.2f ms; file/memory %.1fx (median)%n",
                    agents,
                    agents * 4 * (1 + types),
                    d.median(),
                    d.p(95),
                    d.max(),
                    m.median(),
                    m.p(95),
                    d.median() / m.median());
            System.out.printf(
                    Locale.ROOT,
                    "after %d more refreshes: %,d bytes with the journal, the database file alone %,d"
                            + " bytes (%.0f KiB per agent)%n",
                    refreshes,
                    store.sizeOnDisk(),
                    Files.size(file),
                    Files.size(file) / 1024.0 / agents);
        } finally {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(dir.resolve("history.db" + suffix));
            }
            Files.deleteIfExists(dir);
        }
    }

    private static HostSample sample(String agent, Instant at, int types, SplittableRandom random) {
        Map<String, HostSample.TypeUse> byType = new LinkedHashMap<>();
        for (int t = 0; t < types; t++) {
            byType.put(
                    "type-" + t,
                    new HostSample.TypeUse(
                            1 + random.nextInt(5), random.nextDouble() * 4, (1L + random.nextInt(8)) << 30));
        }
        long total = 64L << 30;
        return new HostSample(
                agent,
                at,
                random.nextDouble() * 100,
                (long) (total * random.nextDouble()),
                total,
                random.nextDouble() * 100,
                (long) (total * random.nextDouble()),
                total,
                16,
                10,
                byType);
    }
}
