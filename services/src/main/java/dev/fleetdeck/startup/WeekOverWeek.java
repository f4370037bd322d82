package dev.fleetdeck.startup;

import dev.fleetdeck.startup.AnalysisReport.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Is startup getting worse? Per type, the P95 of successful launches over the last 7 days against
 * the 7 days before; a warning names each type whose P95 rose by {@link #RISE} or more, with both
 * figures. A week with fewer than {@code minLaunches} successful launches of the type says nothing.
 */
public final class WeekOverWeek implements MergeableSink<WeekOverWeek> {
    /** The rise that makes a regression: 20 %. */
    public static final double RISE = 0.20;

    private static final Duration WEEK = Duration.ofDays(7);

    private final Instant now;
    private final Instant thisWeek;
    private final Instant weekBefore;
    private final int minLaunches;
    /** Per type: the week before, then this week. A hash map: one lookup per launch read. */
    private final Map<String, LongSamples[]> types = new HashMap<>();

    public WeekOverWeek(Instant now, int minLaunches) {
        this.now = now;
        this.thisWeek = now.minus(WEEK);
        this.weekBefore = now.minus(WEEK.multipliedBy(2));
        this.minLaunches = minLaunches;
    }

    /** How far back the records must reach for the comparison. */
    public static Duration reach() {
        return WEEK.multipliedBy(2);
    }

    @Override
    public void accept(StartupRecord r) {
        Instant at = r.performance().provisioningStartedAt();
        if (!r.ready() || at == null) {
            return;
        }
        if (at.isBefore(weekBefore)) {
            return;
        }
        int week = at.isBefore(thisWeek) ? 0 : 1;
        String type = r.workspaceType() == null ? StartupAccumulator.UNKNOWN_TYPE : r.workspaceType();
        types.computeIfAbsent(type, t -> new LongSamples[] {new LongSamples(), new LongSamples()})[week].add(
                r.performance().totalStartupTimeMs());
    }

    @Override
    public WeekOverWeek emptyCopy() {
        return new WeekOverWeek(now, minLaunches);
    }

    @Override
    public boolean mergesExactly(WeekOverWeek other) {
        return true;
    }

    @Override
    public void merge(WeekOverWeek other) {
        other.types.forEach((type, weeks) -> {
            LongSamples[] mine =
                    types.computeIfAbsent(type, t -> new LongSamples[] {new LongSamples(), new LongSamples()});
            mine[0].addAll(weeks[0]);
            mine[1].addAll(weeks[1]);
        });
    }

    /** One warning per type that regressed, in type order. */
    public List<Alert> alerts() {
        List<Alert> out = new ArrayList<>();
        new TreeMap<>(types).forEach((type, weeks) -> {
            if (weeks[0].size() < minLaunches || weeks[1].size() < minLaunches) {
                return;
            }
            double before = weeks[0].percentile(95);
            double last = weeks[1].percentile(95);
            if (before > 0 && last >= before * (1 + RISE)) {
                out.add(new Alert(
                        Alert.Level.WARNING,
                        String.format(
                                Locale.ROOT,
                                "%s startup is getting slower: P95 %.1f s this week, %.0f %% above %.1f s the week before",
                                type,
                                last / 1000,
                                100 * (last / before - 1),
                                before / 1000)));
            }
        });
        return out;
    }
}
