package dev.fleetdeck.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sampling every cache into per-interval rings, on a clock the test moves. */
class CacheHistoryTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    /** A cache whose counters the test sets. */
    private static final class FakeCache implements CacheMetrics {
        private final String name;
        private CacheCounts counts = CacheCounts.ZERO;

        FakeCache(String name) {
            this.name = name;
        }

        void set(long hits, long misses) {
            counts = new CacheCounts(hits, misses, 0, hits * 1000, misses * 50_000);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CacheCounts counts() {
            return counts;
        }
    }

    private final FakeCache quota = new FakeCache("quota");
    private final FakeCache list = new FakeCache("container list");
    private Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    private CacheReport readAt(Duration after) {
        clock = Clock.fixed(T0.plus(after), ZoneOffset.UTC);
        return new CacheRegistry(List.of(quota, list), Optional.empty(), clock).read();
    }

    @Test
    void eachPointIsTheHitRateOfItsIntervalNotSinceStart() {
        CacheHistory history = new CacheHistory(360);
        quota.set(90, 10);
        history.record(readAt(Duration.ZERO));
        quota.set(100, 30); // +10 hits, +20 misses in this interval
        history.record(readAt(Duration.ofSeconds(10)));
        quota.set(140, 30); // +40 hits, no misses
        history.record(readAt(Duration.ofSeconds(20)));

        List<CacheHistory.Point> points = history.points("quota");
        assertThat(points).extracting(CacheHistory.Point::at).containsExactly(T0.plusSeconds(10), T0.plusSeconds(20));
        assertThat(points.get(0).hitRate()).isEqualTo(10.0 / 30);
        assertThat(points.get(1).hitRate()).isEqualTo(1.0);
        assertThat(points.get(1).interval().misses()).isZero();
        assertThat(quota.counts().hitRate()).as("since start, for contrast").isEqualTo(140.0 / 170);
    }

    @Test
    void anIntervalWithoutLookupsHasNoHitRate() {
        CacheHistory history = new CacheHistory(10);
        list.set(5, 5);
        history.record(readAt(Duration.ZERO));
        history.record(readAt(Duration.ofSeconds(10)));
        assertThat(history.points("container list"))
                .singleElement()
                .satisfies(p -> assertThat(p.hitRate()).isNaN());
    }

    @Test
    void theRingKeepsOnlyTheNewestPoints() {
        CacheHistory history = new CacheHistory(3);
        for (int i = 0; i <= 5; i++) {
            quota.set(i * 10L, i);
            history.record(readAt(Duration.ofSeconds(10L * i)));
        }
        assertThat(history.points("quota"))
                .extracting(CacheHistory.Point::at)
                .containsExactly(T0.plusSeconds(30), T0.plusSeconds(40), T0.plusSeconds(50));
    }

    @Test
    void countersThatWentDownMakeAnUnknownIntervalNotANegativeOne() {
        CacheHistory history = new CacheHistory(10);
        quota.set(100, 100);
        history.record(readAt(Duration.ZERO));
        quota.set(3, 1); // the counters were reset
        history.record(readAt(Duration.ofSeconds(10)));
        quota.set(6, 1);
        history.record(readAt(Duration.ofSeconds(20)));
        assertThat(history.points("quota"))
                .extracting(CacheHistory.Point::hitRate)
                .satisfies(
                        r -> assertThat(r.get(0)).isNaN(),
                        r -> assertThat(r.get(1)).isEqualTo(1.0));
    }

    @Test
    void namesKeepTheRegistryOrder() {
        CacheHistory history = new CacheHistory(10);
        history.record(readAt(Duration.ZERO));
        assertThat(history.names()).containsExactly("quota", "container list");
    }

    @Test
    void theRedisKeyspaceIsKeptLikeACacheWhenItAnswers() {
        CacheHistory history = new CacheHistory(10);
        RedisInfo first = new RedisInfo("7.0.15", 10, 10, 0, 0, 0, 0, 0, 1, 5);
        RedisInfo second = new RedisInfo("7.0.15", 40, 20, 0, 0, 0, 0, 0, 1, 15);
        history.record(new CacheReport(
                T0, List.of(), Optional.of(new RedisServerMonitor.Reading(T0, "r", first, Double.NaN, null))));
        history.record(new CacheReport(
                T0.plusSeconds(10),
                List.of(),
                Optional.of(new RedisServerMonitor.Reading(T0, "r", null, Double.NaN, "gone"))));
        history.record(new CacheReport(
                T0.plusSeconds(20),
                List.of(),
                Optional.of(new RedisServerMonitor.Reading(T0, "r", second, 0.75, null))));
        assertThat(history.points(CacheHistory.REDIS))
                .singleElement()
                .satisfies(p -> assertThat(p.hitRate()).isEqualTo(30.0 / 40));
    }

    private static CacheHistory.Point point(int second, long hits, long misses) {
        return new CacheHistory.Point(T0.plusSeconds(second), new CacheCounts(hits, misses, 0, 0, 0));
    }

    @Test
    void aLongHistoryMergesIntoRunsWeightedByLookups() {
        // Seven intervals into at most three points: runs of three, three and one.
        List<CacheHistory.Point> seven = List.of(
                point(5, 9, 1),
                point(10, 0, 0),
                point(15, 1, 9),
                point(20, 100, 0),
                point(25, 0, 100),
                point(30, 50, 50),
                point(35, 3, 1));
        List<CacheHistory.Point> merged = CacheHistory.merged(seven, 3);

        assertThat(merged)
                .extracting(CacheHistory.Point::at)
                .containsExactly(T0.plusSeconds(15), T0.plusSeconds(30), T0.plusSeconds(35));
        // 10 hits of 20 lookups: the empty interval does not count as a 0 % or a 100 %.
        assertThat(merged.get(0).hitRate()).isEqualTo(0.5);
        assertThat(merged.get(1).interval()).isEqualTo(new CacheCounts(150, 150, 0, 0, 0));
        assertThat(merged.get(2).hitRate()).isEqualTo(0.75);
        // Nothing lost: the merged counts add up to the originals.
        assertThat(merged.stream().mapToLong(p -> p.interval().hits()).sum()).isEqualTo(163);
    }

    @Test
    void aShortHistoryIsLeftAsItIs() {
        List<CacheHistory.Point> two = List.of(point(5, 1, 1), point(10, 2, 0));
        assertThat(CacheHistory.merged(two, 240)).isSameAs(two);
        assertThat(CacheHistory.merged(List.of(), 240)).isEmpty();
    }
}
