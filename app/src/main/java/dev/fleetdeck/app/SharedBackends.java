package dev.fleetdeck.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.alert.AlertStore;
import dev.fleetdeck.alert.FileAlertStore;
import dev.fleetdeck.alert.InMemoryAlertStore;
import dev.fleetdeck.alert.RedisAlertStore;
import dev.fleetdeck.figures.FileFleetFigures;
import dev.fleetdeck.figures.FleetFigures;
import dev.fleetdeck.figures.RedisFleetFigures;
import dev.fleetdeck.fleet.AdminStore;
import dev.fleetdeck.launch.CapacityLedger;
import dev.fleetdeck.launch.FileQuotaCache;
import dev.fleetdeck.launch.InProcessQuotaCache;
import dev.fleetdeck.launch.QuotaCache;
import dev.fleetdeck.launch.RedisQuotaCache;
import dev.fleetdeck.pool.FilePoolStore;
import dev.fleetdeck.pool.InMemoryPoolStore;
import dev.fleetdeck.pool.PoolStore;
import dev.fleetdeck.pool.RedisPoolStore;
import dev.fleetdeck.shared.FileSharedState;
import dev.fleetdeck.shared.RedisSharedState;
import dev.fleetdeck.store.RedisLink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What every process of one fleet shares: the agents' admin states, the capacity reservations, the
 * quota counts, the staging pools (staged sessions and their claims), the alert book and the
 * fleet's last reading (for {@code fleetdeck agents}). In Redis when the
 * configuration names one, else in locked files under the data folder (every console and command
 * of this machine). The demo fleet keeps files of its own, so a demo cordon never touches a real
 * agent's state; its staged containers exist in one process only, so its pools stay in memory.
 */
public record SharedBackends(
        AdminStore admin,
        CapacityLedger reservations,
        QuotaCache quota,
        PoolStore pools,
        AlertStore alerts,
        FleetFigures figures,
        AutoCloseable owned) {
    static final Duration QUOTA_TTL = Duration.ofSeconds(60);

    public static SharedBackends open(
            RedisLink redis, boolean simulated, Path dataDir, ObjectMapper json, Consumer<String> problems)
            throws IOException {
        if (redis != null && !simulated) {
            RedisSharedState state = new RedisSharedState(redis, json);
            return new SharedBackends(
                    state,
                    state,
                    new RedisQuotaCache(redis, QUOTA_TTL, problems),
                    new RedisPoolStore(redis, json),
                    new RedisAlertStore(redis, json),
                    new RedisFleetFigures(redis, json),
                    state);
        }
        String prefix = simulated ? "demo-" : "";
        FileSharedState state =
                new FileSharedState(dataDir.resolve(prefix + "fleet-state.json"), json, System::currentTimeMillis);
        PoolStore pools = simulated ? new InMemoryPoolStore() : new FilePoolStore(dataDir.resolve("pools.json"), json);
        return new SharedBackends(
                state,
                state,
                new FileQuotaCache(
                        dataDir.resolve(prefix + "quota.json"), json, QUOTA_TTL, System::currentTimeMillis, problems),
                pools,
                new FileAlertStore(dataDir.resolve(prefix + "alerts.json"), json),
                // The demo fleet is each process's own simulation: another's figures are not this one's.
                simulated
                        ? FleetFigures.NONE
                        : new FileFleetFigures(dataDir.resolve("figures.json"), json, Clock.systemUTC()),
                state);
    }

    /** This process only: for services built by hand (tests, benchmarks). */
    public static SharedBackends inProcess(RedisLink redis, Consumer<String> problems) {
        QuotaCache quota = redis != null
                ? new RedisQuotaCache(redis, QUOTA_TTL, problems)
                : new InProcessQuotaCache(QUOTA_TTL, Ticker.systemTicker());
        return new SharedBackends(
                AdminStore.inMemory(),
                CapacityLedger.inMemory(),
                quota,
                new InMemoryPoolStore(),
                new InMemoryAlertStore(),
                FleetFigures.NONE,
                () -> {});
    }

    /** The same backends with the staging pools kept in {@code store} (a test's own file). */
    public SharedBackends withPools(PoolStore store) {
        return new SharedBackends(admin, reservations, quota, store, alerts, figures, owned);
    }

    public void close() {
        try {
            owned.close();
        } catch (Exception ignored) {
            // closing is best effort at exit
        }
    }
}
