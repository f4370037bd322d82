package dev.fleetdeck.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code settings:}; every key is optional and falls back to {@link FleetConfig.Settings#defaults()}. */
final class SettingsReader {

    static final List<String> KEYS = List.of(
            "refreshInterval",
            "agentTimeout",
            "ramWarnPercent",
            "ramCriticalPercent",
            "maxSessionsPerUser",
            "prePull",
            "registry",
            "keeperLease",
            "diskInterval",
            "diskWarnPercent",
            "diskCriticalPercent");
    /**
     * {@code host[:port][/path]}: a registry as {@code docker pull} names it, path for a mirror
     * that keeps images under a prefix (a Harbor proxy project).
     */
    private static final Pattern REGISTRY = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:]+])"
                    + "(?::[0-9]{1,5})?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*");

    FleetConfig.Settings read(ConfigObject settings) throws ConfigException {
        settings.onlyKeys(KEYS);
        FleetConfig.Settings d = FleetConfig.Settings.defaults();
        var refresh =
                settings.duration("refreshInterval", "refreshInterval: 2s").orElse(d.refreshInterval());
        var timeout = settings.duration("agentTimeout", "agentTimeout: 3s").orElse(d.agentTimeout());
        double warn = percent(settings, "ramWarnPercent", "ramWarnPercent: 85").orElse(d.ramWarnPercent());
        double critical = percent(settings, "ramCriticalPercent", "ramCriticalPercent: 95")
                .orElse(d.ramCriticalPercent());
        warnBelowCritical(
                settings,
                "ramWarnPercent",
                warn,
                "ramCriticalPercent",
                critical,
                "ramWarnPercent: 85 with ramCriticalPercent: 95");
        int perUser = settings.integer(
                        "maxSessionsPerUser", 1, "a whole number of sessions, at least 1", "maxSessionsPerUser: 2")
                .orElse(d.maxSessionsPerUser());
        Optional<Duration> prePull = settings.has("prePull")
                ? prePull(settings.object("prePull", "prePull", "prePull: { every: 30m }"))
                : Optional.empty();
        Optional<String> registry = registry(settings);
        var keeperLease = settings.duration("keeperLease", "keeperLease: 15s").orElse(d.keeperLease());
        if (keeperLease.toMillis() < 500) {
            throw settings.invalid(
                    "keeperLease",
                    "keeperLease must be at least 500ms, got " + keeperLease.toMillis() + "ms",
                    "keeperLease: 15s");
        }
        return new FleetConfig.Settings(
                refresh, timeout, warn, critical, perUser, prePull, registry, keeperLease, disk(settings));
    }

    private static DiskSettings disk(ConfigObject settings) throws ConfigException {
        DiskSettings d = DiskSettings.defaults();
        var interval = settings.duration("diskInterval", "diskInterval: 5m").orElse(d.interval());
        if (interval.compareTo(DiskSettings.MIN_INTERVAL) < 0) {
            throw settings.invalid(
                    "diskInterval",
                    "diskInterval must be at least 10s, got " + interval.toMillis()
                            + "ms (each read makes the engine size every layer)",
                    "diskInterval: 5m");
        }
        double warn =
                percent(settings, "diskWarnPercent", "diskWarnPercent: 80").orElse(d.warnPercent());
        double critical = percent(settings, "diskCriticalPercent", "diskCriticalPercent: 90")
                .orElse(d.criticalPercent());
        warnBelowCritical(
                settings,
                "diskWarnPercent",
                warn,
                "diskCriticalPercent",
                critical,
                "diskWarnPercent: 80 with diskCriticalPercent: 90");
        return new DiskSettings(interval, warn, critical);
    }

    private static Optional<Duration> prePull(ConfigObject prePull) throws ConfigException {
        prePull.onlyKeys(List.of("every"));
        if (!prePull.has("every")) {
            throw prePull.invalidHere("prePull has no every — add e.g. prePull: { every: 30m } (leave prePull out to"
                    + " never pre-pull on a schedule)");
        }
        return prePull.duration("every", "prePull: { every: 30m }");
    }

    private static Optional<String> registry(ConfigObject settings) throws ConfigException {
        String example = "registry: registry.example.com:5000";
        Optional<String> text = settings.text("registry", example);
        if (text.isEmpty()) {
            return text;
        }
        String r = text.get();
        if (r.contains("://")) {
            throw settings.invalid(
                    "registry",
                    "registry is a host as docker pull names it, without a scheme, got \"" + r + "\"",
                    "registry: " + r.replaceFirst("^[a-zA-Z]+://", "").replaceAll("/+$", ""));
        }
        if (!REGISTRY.matcher(r).matches()) {
            throw settings.invalid("registry", "registry must be host[:port][/path], got \"" + r + "\"", example);
        }
        int colon = r.indexOf(':', r.startsWith("[") ? r.indexOf(']') : 0);
        if (colon > 0) {
            String port = r.substring(colon + 1).replaceFirst("/.*", "");
            if (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw settings.invalid("registry", "registry port must be 1 to 65535, got " + port, example);
            }
        }
        return text;
    }

    private static Optional<Double> percent(ConfigObject settings, String key, String example) throws ConfigException {
        return settings.number(
                        key,
                        n -> n.signum() > 0 && n.compareTo(BigDecimal.valueOf(100)) <= 0,
                        "a percentage above 0 and at most 100",
                        example)
                .map(BigDecimal::doubleValue);
    }

    /** A warning at or above its critical threshold would never come first: located at whichever key was written. */
    private static void warnBelowCritical(
            ConfigObject settings, String warnKey, double warn, String criticalKey, double critical, String example)
            throws ConfigException {
        if (warn >= critical) {
            throw settings.invalid(
                    settings.has(warnKey) ? warnKey : criticalKey,
                    warnKey + " (" + plain(warn) + ") must be below " + criticalKey + " (" + plain(critical)
                            + ") so the warning comes first",
                    example);
        }
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
