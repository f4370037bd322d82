package dev.fleetdeck.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fetches in flight: shared by simultaneous lookups of a key, dropped only by that key's invalidation. */
class TimedCacheTest {
    private final AtomicLong nanos = new AtomicLong(1);
    private final TimedCache<String, String> cache = new TimedCache<>("test", Duration.ofSeconds(30), 100, nanos::get);
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** A lookup from a pool thread: an interrupted wait fails the future rather than the compiler. */
    private String lookup(String key, TimedCache.Loader<String, InterruptedException> loader) {
        try {
            return cache.get(key, loader);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void simultaneousLookupsOfOneKeyFetchOnce() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<?>[] lookups = new CompletableFuture<?>[8];
        for (int i = 0; i < lookups.length; i++) {
            lookups[i] = CompletableFuture.supplyAsync(
                    () -> lookup("agent1/list", () -> {
                        fetches.incrementAndGet();
                        release.await();
                        return "containers";
                    }),
                    threads);
        }
        Thread.sleep(200); // every lookup has started and waits for the one fetch
        release.countDown();
        CompletableFuture.allOf(lookups).get(5, TimeUnit.SECONDS);

        assertThat(fetches).hasValue(1);
        assertThat(lookups).allMatch(f -> "containers".equals(f.join()));
        assertThat(cache.counts().misses()).isEqualTo(1);
        assertThat(cache.counts().hits()).isEqualTo(7);
    }

    @Test
    void anInvalidationOfAnotherKeyDoesNotDropAFetchInFlight() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(
                () -> lookup("agent2/list", () -> {
                    fetching.countDown();
                    release.await();
                    return "agent2 containers";
                }),
                threads);
        fetching.await();

        cache.invalidate("agent1/list"); // an event of another agent meanwhile
        release.countDown();
        slow.get(5, TimeUnit.SECONDS);

        assertThat(cache.get("agent2/list", () -> "fetched again")).isEqualTo("agent2 containers");
    }

    @Test
    void anInvalidationOfTheSameKeyDropsWhatTheFetchInFlightRead() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(
                () -> lookup("agent1/list", () -> {
                    fetching.countDown();
                    release.await();
                    return "before the change";
                }),
                threads);
        fetching.await();

        cache.invalidate("agent1/list");
        release.countDown();
        assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("before the change");

        assertThat(cache.get("agent1/list", () -> "after the change")).isEqualTo("after the change");
    }

    @Test
    void aFailedFetchIsNotSharedWithTheNextLookup() throws Exception {
        try {
            cache.get("k", () -> {
                throw new IOException("engine down");
            });
        } catch (IOException expected) {
            // the caller gets its own failure
        }
        assertThat(cache.get("k", () -> "up again")).isEqualTo("up again");
        assertThat(cache.counts().misses()).isEqualTo(2);
    }
}
