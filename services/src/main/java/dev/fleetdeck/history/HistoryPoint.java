package dev.fleetdeck.history;

import java.time.Instant;

/**
 * One consolidated point of an agent's history: the averages of its bucket and the peaks.
 * Percentages are 0..100, NaN where nothing was known (no host figures in that bucket).
 *
 * @param at              the bucket's start
 * @param hostCpu         the host's average CPU share
 * @param hostCpuPeak     the highest the host's CPU was seen in the bucket
 * @param hostMem         the host's average RAM share
 * @param hostMemPeak     the highest the host's RAM share was seen in the bucket
 * @param hostMemTotal    the host's MemTotal (0 when not known)
 * @param sessionsCpu     the containers' average CPU share of the engine's CPUs
 * @param sessionsMem     the containers' average RAM share of the engine's RAM
 * @param sessionsMemPeak the highest the containers' RAM share was seen
 * @param sessionsPeak    the most users' sessions seen at once (-1 when not known, e.g. from Prometheus)
 */
public record HistoryPoint(
        Instant at,
        double hostCpu,
        double hostCpuPeak,
        double hostMem,
        double hostMemPeak,
        long hostMemTotal,
        double sessionsCpu,
        double sessionsMem,
        double sessionsMemPeak,
        int sessionsPeak) {

    public boolean hostKnown() {
        return !Double.isNaN(hostMem);
    }

    public boolean sessionsKnown() {
        return !Double.isNaN(sessionsMem);
    }

    /** The host's figures of {@code host} with the sessions' figures of this point. */
    HistoryPoint withHost(HistoryPoint host) {
        return new HistoryPoint(
                at,
                host.hostCpu,
                host.hostCpuPeak,
                host.hostMem,
                host.hostMemPeak,
                host.hostMemTotal,
                sessionsCpu,
                sessionsMem,
                sessionsMemPeak,
                sessionsPeak);
    }

    /** A point of host figures only (Prometheus knows nothing of sessions). */
    static HistoryPoint host(Instant at, double cpu, double cpuPeak, double mem, double memPeak, long memTotal) {
        return new HistoryPoint(at, cpu, cpuPeak, mem, memPeak, memTotal, Double.NaN, Double.NaN, Double.NaN, -1);
    }
}
