package dev.fleetdeck.startup;

/**
 * Running sums of one group of launches (the fleet, a type, an agent). Sums are doubles: exact up
 * to 2^53 ms, and a corrupt journal cannot wrap them negative as a long would.
 */
final class LaunchTally {
    private static final Phase[] PHASES = Phase.values();

    final String name;
    final long targetMs;
    /** Null for groups that need no percentiles (agents): their totals would double the memory. */
    final LongSamples totals;

    long count;
    long successful;
    double totalSum;
    final double[] phaseSums = new double[PHASES.length];
    final long[] phaseMax = new long[PHASES.length];
    long withinTarget;
    long withinGlobalTarget;

    LaunchTally(String name, long targetMs, boolean keepTotals) {
        this.name = name;
        this.targetMs = targetMs;
        this.totals = keepTotals ? new LongSamples() : null;
    }

    void add(StartupRecord.Performance p, boolean ready, long globalTargetMs) {
        count++;
        if (!ready) {
            return;
        }
        successful++;
        long total = p.totalStartupTimeMs();
        totalSum += total;
        if (totals != null) {
            totals.add(total);
        }
        for (int i = 0; i < PHASES.length; i++) {
            long d = PHASES[i].durationOf(p);
            phaseSums[i] += d;
            phaseMax[i] = Math.max(phaseMax[i], d);
        }
        if (total < targetMs) {
            withinTarget++;
        }
        if (total < globalTargetMs) {
            withinGlobalTarget++;
        }
    }

    /** Below this every sum of whole milliseconds is exact in a double, whatever the order of adding. */
    static final double EXACT_SUM_LIMIT = 0x1p53;

    /** Whether {@link #merge} gives exactly the sums one tally fed both groups' launches would have. */
    boolean mergesExactly(LaunchTally other) {
        // Durations are ≥ 0, so sums only grow: a result under 2^53 means every partial sum, here,
        // there or in a single feed, was a whole number under 2^53 and so exact.
        if (!(totalSum + other.totalSum < EXACT_SUM_LIMIT)) {
            return false;
        }
        for (int i = 0; i < phaseSums.length; i++) {
            if (!(phaseSums[i] + other.phaseSums[i] < EXACT_SUM_LIMIT)) {
                return false;
            }
        }
        return true;
    }

    /** Adds the other group's launches, as if each had been added here. */
    void merge(LaunchTally other) {
        count += other.count;
        successful += other.successful;
        totalSum += other.totalSum;
        if (totals != null) {
            totals.addAll(other.totals);
        }
        for (int i = 0; i < phaseSums.length; i++) {
            phaseSums[i] += other.phaseSums[i];
            phaseMax[i] = Math.max(phaseMax[i], other.phaseMax[i]);
        }
        withinTarget += other.withinTarget;
        withinGlobalTarget += other.withinGlobalTarget;
    }

    long failures() {
        return count - successful;
    }

    double failureRate() {
        return count == 0 ? 0 : (double) failures() / count;
    }

    double avgMs() {
        return successful == 0 ? 0 : totalSum / successful;
    }

    double phaseAvgMs(Phase phase) {
        return successful == 0 ? 0 : phaseSums[phase.ordinal()] / successful;
    }

    double withinTargetPct() {
        return successful == 0 ? 0 : 100.0 * withinTarget / successful;
    }

    double withinGlobalTargetPct() {
        return successful == 0 ? 0 : 100.0 * withinGlobalTarget / successful;
    }

    double percentile(double p) {
        return totals == null ? 0 : totals.percentile(p);
    }
}
