package dev.fleetdeck.startup;

import dev.fleetdeck.config.WorkspaceType;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What to analyze and what counts as bad.
 *
 * @param windowDays          launches whose {@code provisioningStartedAt} is at most this many days
 *                            before now are analyzed (at least 1)
 * @param workspaceType       only this type, or null for all types (compared ignoring case)
 * @param avgWarningMs        a warning when the average startup is over this (not at it)
 * @param failureRateCritical a critical alert when the failure rate (0..1) is over this
 * @param catalog             the workspace types whose {@code targetSeconds} are the per-type targets
 * @param globalTargetMs      the fleet-wide target every launch should beat
 * @param minLaunchesForAdvice the fewest successful launches an agent or a type needs before a
 *                            recommendation names it: three slow launches are noise, not a trend
 */
public record AnalysisOptions(
        int windowDays,
        String workspaceType,
        long avgWarningMs,
        double failureRateCritical,
        List<WorkspaceType> catalog,
        long globalTargetMs,
        int minLaunchesForAdvice) {

    public static final int DEFAULT_WINDOW_DAYS = 7;
    public static final long DEFAULT_AVG_WARNING_MS = 70_000;
    public static final double DEFAULT_FAILURE_RATE_CRITICAL = 0.10;
    public static final long DEFAULT_GLOBAL_TARGET_MS = 60_000;
    public static final int DEFAULT_MIN_LAUNCHES_FOR_ADVICE = 5;

    /** The startup guide's targets, for types the catalog does not list (or lists without a target). */
    public static final Map<String, Integer> GUIDE_TARGET_SECONDS =
            Map.of("firefox", 30, "vscode", 35, "burp", 45, "kali", 50, "empire", 40);

    public AnalysisOptions {
        if (windowDays < 1) {
            throw new IllegalArgumentException("windowDays must be at least 1, was " + windowDays);
        }
        if (avgWarningMs < 0 || globalTargetMs < 1) {
            throw new IllegalArgumentException("avgWarningMs must be ≥ 0 and globalTargetMs ≥ 1");
        }
        if (!(failureRateCritical >= 0 && failureRateCritical <= 1)) {
            throw new IllegalArgumentException(
                    "failureRateCritical must be between 0 and 1, was " + failureRateCritical);
        }
        if (minLaunchesForAdvice < 1) {
            throw new IllegalArgumentException("minLaunchesForAdvice must be at least 1");
        }
        workspaceType = workspaceType == null || workspaceType.isBlank() ? null : workspaceType.trim();
        catalog = catalog == null ? List.of() : List.copyOf(catalog);
    }

    public static AnalysisOptions defaults() {
        return new AnalysisOptions(
                DEFAULT_WINDOW_DAYS,
                null,
                DEFAULT_AVG_WARNING_MS,
                DEFAULT_FAILURE_RATE_CRITICAL,
                List.of(),
                DEFAULT_GLOBAL_TARGET_MS,
                DEFAULT_MIN_LAUNCHES_FOR_ADVICE);
    }

    public AnalysisOptions withDays(int days) {
        return new AnalysisOptions(
                days, workspaceType, avgWarningMs, failureRateCritical, catalog, globalTargetMs, minLaunchesForAdvice);
    }

    public AnalysisOptions withType(String type) {
        return new AnalysisOptions(
                windowDays, type, avgWarningMs, failureRateCritical, catalog, globalTargetMs, minLaunchesForAdvice);
    }

    public AnalysisOptions withCatalog(List<WorkspaceType> types) {
        return new AnalysisOptions(
                windowDays,
                workspaceType,
                avgWarningMs,
                failureRateCritical,
                types,
                globalTargetMs,
                minLaunchesForAdvice);
    }

    public AnalysisOptions withThresholds(long warningMs, double criticalFailureRate) {
        return new AnalysisOptions(
                windowDays,
                workspaceType,
                warningMs,
                criticalFailureRate,
                catalog,
                globalTargetMs,
                minLaunchesForAdvice);
    }

    public AnalysisOptions withMinLaunchesForAdvice(int min) {
        return new AnalysisOptions(
                windowDays, workspaceType, avgWarningMs, failureRateCritical, catalog, globalTargetMs, min);
    }

    /** The target of a type: the catalog's, else the guide's, else the global target. */
    public long targetMsFor(String type) {
        for (WorkspaceType t : catalog) {
            if (t.name().equalsIgnoreCase(type) && t.targetSeconds() > 0) {
                return t.targetSeconds() * 1000L;
            }
        }
        Integer guide = type == null ? null : GUIDE_TARGET_SECONDS.get(type.toLowerCase(Locale.ROOT));
        return guide != null ? guide * 1000L : globalTargetMs;
    }

    /** Whether a launch of this type is analyzed under this option's type filter. */
    public boolean includesType(String type) {
        return workspaceType == null || workspaceType.equalsIgnoreCase(type);
    }
}
