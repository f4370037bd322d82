package dev.fleetdeck.ui.cache;

import dev.fleetdeck.cache.CacheHistory;
import dev.fleetdeck.cache.CacheReport;
import dev.fleetdeck.cache.CacheSample;
import dev.fleetdeck.cache.CacheWatch;
import dev.fleetdeck.cache.RedisInfo;
import dev.fleetdeck.cache.RedisServerMonitor;
import dev.fleetdeck.ui.common.Format;
import dev.fleetdeck.ui.common.FxLatest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The caches view's state, fed by {@link CacheWatch} once per sampling interval. It never reads a
 * cache or Redis itself: the watch does, on its own thread.
 */
public final class CachesViewModel {
    private final CacheWatch watch;
    private final double target;
    private final ObservableList<CacheRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Map<String, List<CacheHistory.Point>>> history =
            new ReadOnlyObjectWrapper<>(Map.of());
    private final ReadOnlyObjectWrapper<Instant> lastSample = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper redisState = new ReadOnlyStringWrapper("Redis not configured");
    private final ReadOnlyBooleanWrapper redisAvailable = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<String[]> redisFigures = FXCollections.observableArrayList();
    private final Consumer<CacheReport> listener = new FxLatest<>(this::apply);

    /** @param target the hit rate each cache should reach, 0..1 */
    public CachesViewModel(CacheWatch watch, double target) {
        this.watch = watch;
        this.target = target;
    }

    public void attach() {
        watch.addListener(listener);
        CacheReport latest = watch.latest();
        if (latest != null) {
            listener.accept(latest);
        }
    }

    public void detach() {
        watch.removeListener(listener);
    }

    /** Applies one report; FX thread only. */
    void apply(CacheReport report) {
        Map<String, List<CacheHistory.Point>> points = new LinkedHashMap<>();
        for (String name : watch.history().names()) {
            points.put(name, watch.history().points(name));
        }
        List<CacheRow> fresh = new ArrayList<>();
        for (CacheSample s : report.caches()) {
            List<CacheHistory.Point> p = points.getOrDefault(s.name(), List.of());
            double last = p.isEmpty() ? Double.NaN : p.get(p.size() - 1).hitRate();
            CacheRow row = new CacheRow(s.name(), s.ttl().orElse(null), s.counts(), last, false);
            double now = row.current();
            fresh.add(new CacheRow(row.name(), row.ttl(), row.sinceStart(), last, !Double.isNaN(now) && now < target));
        }
        rows.setAll(fresh);
        history.set(points);
        applyRedis(report);
        lastSample.set(report.at());
    }

    private void applyRedis(CacheReport report) {
        if (report.redis().isEmpty()) {
            redisAvailable.set(false);
            redisState.set("Redis not configured: quotas are counted on this workstation");
            redisFigures.clear();
            return;
        }
        RedisServerMonitor.Reading r = report.redis().get();
        redisAvailable.set(r.available());
        if (!r.available()) {
            redisState.set("Redis " + r.server() + " unavailable: " + r.error());
            redisFigures.clear();
            return;
        }
        RedisInfo i = r.info();
        redisState.set("Redis " + i.version() + " at " + r.server());
        redisFigures.setAll(List.of(
                figure(
                        "Hit rate, last interval",
                        Double.isNaN(r.intervalHitRate()) ? "— (no lookups)" : percent(r.intervalHitRate())),
                figure("Hit rate since start", percent(i.hitRate())),
                figure("Keyspace hits / misses", i.keyspaceHits() + " / " + i.keyspaceMisses()),
                figure("Expired keys", Long.toString(i.expiredKeys())),
                figure("Evicted keys", Long.toString(i.evictedKeys())),
                figure(
                        "Memory",
                        Format.bytes(i.usedMemory()) + " of "
                                + (i.maxMemory() == 0 ? "no limit (maxmemory 0)" : Format.bytes(i.maxMemory()))),
                figure("Ops/s", Long.toString(i.opsPerSec())),
                figure("Clients", Long.toString(i.connectedClients())),
                figure(
                        "Up",
                        Duration.ofSeconds(i.uptimeSeconds())
                                .toString()
                                .substring(2)
                                .toLowerCase(Locale.ROOT))));
    }

    private static String[] figure(String name, String value) {
        return new String[] {name, value};
    }

    public static String percent(double rate) {
        return Double.isNaN(rate) ? "—" : String.format(Locale.ROOT, "%.1f %%", rate * 100);
    }

    public double target() {
        return target;
    }

    /** How far back the chart reaches: the history's length at the sampling interval. */
    public Duration span() {
        return watch.interval().multipliedBy(watch.history().capacity());
    }

    public ObservableList<CacheRow> rows() {
        return rows;
    }

    public ObservableList<String[]> redisFigures() {
        return redisFigures;
    }

    public ReadOnlyObjectProperty<Map<String, List<CacheHistory.Point>>> historyProperty() {
        return history.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> lastSampleProperty() {
        return lastSample.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redisStateProperty() {
        return redisState.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty redisAvailableProperty() {
        return redisAvailable.getReadOnlyProperty();
    }
}
