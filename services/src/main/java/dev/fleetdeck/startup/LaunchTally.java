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
