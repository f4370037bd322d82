package dev.fleetdeck.config;

import java.math.BigDecimal;
import java.util.List;

/** Reads {@code settings:}; every key is optional and falls back to {@link FleetConfig.Settings#defaults()}. */
final class SettingsReader {

    static final List<String> KEYS = List.of(
            "refreshInterval", "agentTimeout", "ramWarnPercent", "ramCriticalPercent", "maxSessionsPerUser");

    FleetConfig.Settings read(ConfigObject settings) throws ConfigException {
        settings.onlyKeys(KEYS);
        FleetConfig.Settings d = FleetConfig.Settings.defaults();
        var refresh = settings.duration("refreshInterval", "refreshInterval: 2s").orElse(d.refreshInterval());
        var timeout = settings.duration("agentTimeout", "agentTimeout: 3s").orElse(d.agentTimeout());
        double warn = percent(settings, "ramWarnPercent", "ramWarnPercent: 85").orElse(d.ramWarnPercent());
        double critical = percent(settings, "ramCriticalPercent", "ramCriticalPercent: 95").orElse(d.ramCriticalPercent());
        if (warn >= critical) {
            String key = settings.has("ramWarnPercent") ? "ramWarnPercent" : "ramCriticalPercent";
            throw settings.invalid(key, "ramWarnPercent (" + plain(warn) + ") must be below ramCriticalPercent ("
                    + plain(critical) + ") so the warning comes first", "ramWarnPercent: 85 with ramCriticalPercent: 95");
        }
        int perUser = settings.integer("maxSessionsPerUser", 1, "a whole number of sessions, at least 1",
                "maxSessionsPerUser: 2").orElse(d.maxSessionsPerUser());
        return new FleetConfig.Settings(refresh, timeout, warn, critical, perUser);
    }

    private static java.util.Optional<Double> percent(ConfigObject settings, String key, String example)
            throws ConfigException {
        return settings.number(key, n -> n.signum() > 0 && n.compareTo(BigDecimal.valueOf(100)) <= 0,
                "a percentage above 0 and at most 100", example).map(BigDecimal::doubleValue);
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
