package dev.fleetdeck.startup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Launches counted per UTC day or hour of their provisioning start, with every bucket from the
 * window's first to the last one reached (empty buckets included, so a gap shows as a gap). Keeps
 * the successful totals of each bucket for exact percentiles: a bucket is a day's or an hour's
 * worth of launches, the whole trend as many as the window.
 */
public final class StartupTrend implements MergeableSink<StartupTrend> {
    private final TrendUnit unit;
    private final Instant from;
    private final Instant to;
    private final long targetMs;
    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();

    /**
     * @param from     launches before this are not counted (the window's start)
     * @param to       the window's end: buckets run at least to the one holding it
     * @param targetMs the fleet-wide target for {@link TrendBucket#withinTargetPct()}
     */
    public StartupTrend(TrendUnit unit, Instant from, Instant to, long targetMs) {
        this.unit = unit;
        this.from = from;
        this.to = to;
        this.targetMs = targetMs;
    }

    public TrendUnit unit() {
        return unit;
    }

    private static final class Bucket {
        long launches;
        long failures;
        long within;
        final LongSamples totals = new LongSamples();
    }

    /** Counts a launch the caller has already filtered (type, agent); only its time is checked here. */
    @Override
    public void accept(StartupRecord r) {
        Instant at = r.performance().provisioningStartedAt();
        if (at == null || at.isBefore(from)) {
            return;
        }
        Bucket b = buckets.computeIfAbsent(unit.bucketStart(at).toEpochMilli(), k -> new Bucket());
        b.launches++;
        if (r.ready()) {
            long total = r.performance().totalStartupTimeMs();
            b.totals.add(total);
            if (total < targetMs) {
                b.within++;
            }
        } else {
            b.failures++;
        }
    }

    @Override
    public StartupTrend emptyCopy() {
        return new StartupTrend(unit, from, to, targetMs);
    }

    @Override
    public boolean mergesExactly(StartupTrend other) {
        return true;
    }

    @Override
    public void merge(StartupTrend other) {
        for (Map.Entry<Long, Bucket> e : other.buckets.entrySet()) {
            Bucket b = buckets.computeIfAbsent(e.getKey(), k -> new Bucket());
            Bucket o = e.getValue();
            b.launches += o.launches;
            b.failures += o.failures;
            b.within += o.within;
            b.totals.addAll(o.totals);
        }
    }

    /** Every bucket from the window's first to the later of the window's end and the last launch. */
    public List<TrendBucket> buckets() {
        long first = unit.bucketStart(from).toEpochMilli();
        long last = unit.bucketStart(to).toEpochMilli();
        if (!buckets.isEmpty()) {
            last = Math.max(last, buckets.lastKey());
        }
        List<TrendBucket> out = new ArrayList<>();
        for (long start = first; start <= last; start += unit.millis()) {
            Bucket b = buckets.get(start);
            if (b == null) {
                out.add(new TrendBucket(Instant.ofEpochMilli(start), 0, 0, 0, 0, 0, 0));
                continue;
            }
            int ok = b.totals.size();
            out.add(new TrendBucket(
                    Instant.ofEpochMilli(start),
                    b.launches,
                    b.failures,
                    (double) b.failures / b.launches,
                    b.totals.percentile(50),
                    b.totals.percentile(95),
                    ok == 0 ? 0 : 100.0 * b.within / ok));
        }
        return out;
    }
}
