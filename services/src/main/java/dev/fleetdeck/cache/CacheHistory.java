package dev.fleetdeck.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each cache's counts per sampling interval, in a fixed-size ring per cache (an hour at the
 * sampling interval). A point holds what happened between two samples, not since start, so a
 * chart of it shows a cache getting worse now rather than an average that barely moves. The
 * Redis server's keyspace is kept the same way under {@link #REDIS}.
 */
public final class CacheHistory {
    public static final String REDIS = "Redis keyspace";

    private final int capacity;
    private final Map<String, Ring> rings = new LinkedHashMap<>();
    private final Map<String, CacheCounts> last = new HashMap<>();

    /** The counts of one interval, ending at {@code at}. */
    public record Point(Instant at, CacheCounts interval) {
        /** Hit rate within the interval, 0..1; NaN when nothing was looked up in it. */
        public double hitRate() {
            long total = interval.hits() + interval.misses();
            return total == 0 ? Double.NaN : (double) interval.hits() / total;
        }
    }

    /** @param capacity points kept per cache */
    public CacheHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    public synchronized void record(CacheReport report) {
        for (CacheSample s : report.caches()) {
            add(s.name(), report.at(), s.counts());
        }
        report.redis()
                .filter(RedisServerMonitor.Reading::available)
                .ifPresent(r -> add(
                        REDIS,
                        report.at(),
                        new CacheCounts(
                                r.info().keyspaceHits(),
                                r.info().keyspaceMisses(),
                                r.info().evictedKeys(),
                                0,
                                0)));
    }

    private void add(String name, Instant at, CacheCounts now) {
        CacheCounts before = last.put(name, now);
        Ring ring = rings.computeIfAbsent(name, n -> new Ring(capacity));
        if (before == null) {
            return;
        }
        CacheCounts delta = now.minus(before);
        // Counters that went down were reset (a restarted Redis): that interval is unknown.
        if (delta.hits() < 0 || delta.misses() < 0 || delta.evictions() < 0) {
            delta = CacheCounts.ZERO;
        }
        ring.add(new Point(at, delta));
    }

    /**
     * Points recorded before this process sampled anything (the demo's generated hour), oldest
     * first; the next sample of {@code name} still only starts its deltas.
     */
    public synchronized void prefill(String name, List<Point> points) {
        Ring ring = rings.computeIfAbsent(name, n -> new Ring(capacity));
        points.forEach(ring::add);
    }

    /** The caches with a history, in the order they were first recorded. */
    public synchronized List<String> names() {
        return List.copyOf(rings.keySet());
    }

    /** One cache's points, oldest first; empty for a cache never recorded. */
    public synchronized List<Point> points(String name) {
        Ring ring = rings.get(name);
        return ring == null ? List.of() : ring.points();
    }

    /**
     * At most {@code max} points covering the same time: consecutive points merged into equal
     * runs, counts summed, each ending when its last point ends. Summed counts keep the hit rate
     * weighted by lookups, so a busy bad minute is not averaged away by quiet good ones; and a
     * chart of an hour needs a few hundred points, not one per sample.
     */
    public static List<Point> merged(List<Point> points, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        if (points.size() <= max) {
            return points;
        }
        int run = (points.size() + max - 1) / max;
        List<Point> out = new ArrayList<>(max);
        for (int from = 0; from < points.size(); from += run) {
            int to = Math.min(points.size(), from + run);
            CacheCounts sum = CacheCounts.ZERO;
            for (int i = from; i < to; i++) {
                sum = sum.plus(points.get(i).interval());
            }
            out.add(new Point(points.get(to - 1).at(), sum));
        }
        return out;
    }

    private static final class Ring {
        private final Point[] points;
        private int next;
        private int size;

        Ring(int capacity) {
            points = new Point[capacity];
        }

        void add(Point p) {
            points[next] = p;
            next = (next + 1) % points.length;
            size = Math.min(size + 1, points.length);
        }

        List<Point> points() {
            List<Point> out = new ArrayList<>(size);
            int start = (next - size + points.length) % points.length;
            for (int i = 0; i < size; i++) {
                out.add(points[(start + i) % points.length]);
            }
            return out;
        }
    }
}
