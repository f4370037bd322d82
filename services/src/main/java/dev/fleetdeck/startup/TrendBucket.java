package dev.fleetdeck.startup;

import java.time.Instant;

/**
 * One bucket of a trend. Timings are over its successful launches, as in the rest of the report;
 * a bucket with only failures has timings 0 and failure rate 1, an empty one is all 0.
 *
 * @param start           the bucket's first instant, UTC
 * @param withinTargetPct successful launches strictly under the fleet-wide target, 0..100
 */
public record TrendBucket(
        Instant start,
        long launches,
        long failures,
        double failureRate,
        double medianMs,
        double p95Ms,
        double withinTargetPct) {}
