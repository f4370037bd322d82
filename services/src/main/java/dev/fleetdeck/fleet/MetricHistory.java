package dev.fleetdeck.fleet;

import java.time.Instant;

/**
 * The last {@code capacity} CPU and memory readings of one agent, in a fixed-size ring: an agent
 * watched all day costs the same memory as one watched for a minute.
 */
public final class MetricHistory {
    private final long[] times;
    private final float[] cpu;
    private final float[] mem;
    private int next;
    private int size;

    public MetricHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        times = new long[capacity];
        cpu = new float[capacity];
        mem = new float[capacity];
    }

    public synchronized void add(Instant at, double cpuPercent, double memPercent) {
        times[next] = at.toEpochMilli();
        cpu[next] = (float) cpuPercent;
        mem[next] = (float) memPercent;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** A copy, oldest first. */
    public synchronized Points points() {
        long[] t = new long[size];
        float[] c = new float[size];
        float[] m = new float[size];
        int start = (next - size + times.length) % times.length;
        for (int i = 0; i < size; i++) {
            int j = (start + i) % times.length;
            t[i] = times[j];
            c[i] = cpu[j];
            m[i] = mem[j];
        }
        return new Points(t, c, m);
    }

    public int capacity() {
        return times.length;
    }

    /** Readings oldest first: epoch millis, CPU percent, memory percent. */
    public record Points(long[] epochMillis, float[] cpuPercent, float[] memPercent) {
        public int size() {
            return epochMillis.length;
        }
    }
}
