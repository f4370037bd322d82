package dev.fleetdeck.sim;

import dev.fleetdeck.cache.CacheCounts;
import dev.fleetdeck.cache.CacheHistory;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.MetricHistory;
import dev.fleetdeck.history.HistoryRange;
import dev.fleetdeck.history.HostSample;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The demo fleet's past, made from its seed, so every chart has a shape at first paint: each
 * agent's sessions following a working day (busier on weekdays, a third on weekends), their CPU
 * and RAM, and each cache's hit rate over the last hour. One agent runs hot (its RAM peaks near
 * 90 %), which is what the sizing advisor is for. The same seed gives the same past.
 */
public final class DemoHistory {
    /** The agent that runs hot: the third, so it is on screen without scrolling. */
    static final int HOT_AGENT = 2;

    private final List<Profile> profiles = new ArrayList<>();
    private final List<WorkspaceType> catalog;
    private final long seed;

    /** One agent's character: how full it gets at the busiest hour, and its sessions' appetite by type. */
    private record Profile(
            String agent,
            int cpus,
            long memTotal,
            double peakRam,
            double[] typeWeights,
            double[] ramShare,
            double[] cpuShare,
            long noiseSeed) {}

    public DemoHistory(SimulatedFleet fleet, List<WorkspaceType> catalog, long seed) {
        this.catalog = List.copyOf(catalog);
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EEDL);
        int i = 0;
        for (var agent : fleet.agentConfigs()) {
            SimulatedEngine engine = fleet.engine(agent.name());
            double[] weights = new double[catalog.size()];
            double[] ram = new double[catalog.size()];
            double[] cpu = new double[catalog.size()];
            for (int t = 0; t < catalog.size(); t++) {
                weights[t] = 0.2 + random.nextDouble();
                ram[t] = 0.3 + random.nextDouble() * 0.25;
                cpu[t] = 0.08 + random.nextDouble() * 0.25;
            }
            double peak = i == HOT_AGENT ? 0.9 : 0.3 + random.nextDouble() * 0.4;
            profiles.add(new Profile(
                    agent.name(), engine.cpus(), engine.memTotalBytes(), peak, weights, ram, cpu, random.nextLong()));
            i++;
        }
    }

    /**
     * Samples up to {@code now}: every 15 s in the last hour, every 5 min in the last day, every
     * 30 min in the last week and every 2 h back to 30 days (each range's own resolution).
     */
    public List<HostSample> samples(Instant now) {
        List<HostSample> out = new ArrayList<>();
        for (Profile p : profiles) {
            SplittableRandom noise = new SplittableRandom(p.noiseSeed());
            Instant from = now.minus(HistoryRange.MONTH.span());
            for (HistoryRange r : List.of(HistoryRange.MONTH, HistoryRange.WEEK, HistoryRange.DAY, HistoryRange.HOUR)) {
                Instant until = r == HistoryRange.HOUR ? now : now.minus(finer(r).span());
                for (Instant t = from; !t.isAfter(until); t = t.plus(r.step())) {
                    out.add(sample(p, t, noise));
                }
                from = until.plus(finer(r) == r ? r.step() : finer(r).step());
            }
        }
        return out;
    }

    /** The last {@code history.capacity()} refreshes of {@code agent} at {@code interval}, into the fleet monitor's ring. */
    public void fillRecent(String agent, MetricHistory history, Instant now, Duration interval) {
        for (Profile p : profiles) {
            if (!p.agent().equals(agent)) {
                continue;
            }
            SplittableRandom noise = new SplittableRandom(p.noiseSeed() + 1);
            for (int i = history.capacity() - 1; i >= 0; i--) {
                HostSample s = sample(p, now.minus(interval.multipliedBy(i + 1L)), noise);
                history.add(s.at(), s.cpuPercent(), s.memUsedBytes() * 100.0 / s.memTotalBytes());
            }
        }
    }

    /** An hour of each cache's lookups at {@code interval}: hit rates wandering around a level of their own. */
    public Map<String, List<CacheHistory.Point>> caches(
            List<String> names, Instant now, Duration interval, int points) {
        Map<String, List<CacheHistory.Point>> out = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed ^ 0xCAC4EL);
        for (String name : names) {
            double level = 0.78 + random.nextDouble() * 0.17;
            long lookups = 20L + random.nextInt(200);
            List<CacheHistory.Point> line = new ArrayList<>(points);
            for (int i = points; i >= 1; i--) {
                double rate = clamp(
                        level + 0.06 * Math.sin(i / 17.0 + level * 10) + (random.nextDouble() - 0.5) * 0.08, 0.4, 1);
                long n = Math.max(1, lookups + random.nextInt((int) lookups / 2 + 1) - lookups / 4);
                long hits = Math.round(n * rate);
                line.add(new CacheHistory.Point(
                        now.minus(interval.multipliedBy(i)),
                        new CacheCounts(hits, n - hits, 0, hits * 40_000, (n - hits) * 900_000)));
            }
            out.put(name, line);
        }
        return out;
    }

    private static HistoryRange finer(HistoryRange r) {
        return r.ordinal() == 0 ? r : HistoryRange.values()[r.ordinal() - 1];
    }

    private HostSample sample(Profile p, Instant at, SplittableRandom noise) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        double hour = t.getHour() + t.getMinute() / 60.0;
        boolean weekend = t.getDayOfWeek().getValue() >= 6;
        // A working day: quiet at night, rising from 7:00, busiest early afternoon, gone by 20:00.
        double day = hour < 7 || hour > 20 ? 0 : Math.sin(Math.PI * (hour - 7) / 13);
        double load = (0.15 + 0.85 * day) * (weekend ? 0.35 : 1) * (0.93 + noise.nextDouble() * 0.07);
        double weights = 0;
        for (double w : p.typeWeights()) {
            weights += w;
        }
        double meanRam = 0;
        for (int i = 0; i < catalog.size(); i++) {
            meanRam += p.typeWeights()[i]
                    / weights
                    * p.ramShare()[i]
                    * catalog.get(i).memoryBytes();
        }
        int sessions = (int) Math.round(load * p.peakRam() * p.memTotal() / meanRam);
        Map<String, HostSample.TypeUse> byType = new LinkedHashMap<>();
        long mem = 0;
        double cores = 0;
        int left = sessions;
        for (int i = 0; i < catalog.size() && left > 0; i++) {
            WorkspaceType ws = catalog.get(i);
            int n = i == catalog.size() - 1
                    ? left
                    : Math.min(left, (int) Math.round(sessions * p.typeWeights()[i] / weights));
            if (n == 0) {
                continue;
            }
            left -= n;
            long m = Math.round(n * ws.memoryBytes() * p.ramShare()[i] * (0.9 + noise.nextDouble() * 0.2));
            double c = n * ws.cores() * p.cpuShare()[i] * (0.7 + noise.nextDouble() * 0.6);
            byType.put(ws.name(), new HostSample.TypeUse(n, c, m));
            mem += m;
            cores += c;
        }
        mem = Math.min(mem, p.memTotal());
        return new HostSample(
                p.agent(),
                at,
                Double.NaN,
                0,
                0,
                Math.min(100, cores * 100 / p.cpus()),
                mem,
                p.memTotal(),
                p.cpus(),
                sessions,
                byType);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
