package dev.fleetdeck.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.config.RedisConfig;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.store.RedisLink;
import dev.fleetdeck.testbed.OwnRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared pool store's rules, on the file store and on a real redis-server: a claim hands a
 * session to one caller, a withdrawn session cannot be claimed nor a claimed one withdrawn, and
 * what was claimed is still claimed for a store opened afresh (every console restarted).
 */
class PoolStoreTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private OwnRedis redis;
    private RedisLink link;

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private PoolStore open(String kind) throws Exception {
        if (kind.equals("file")) {
            return new FilePoolStore(dir.resolve("pools.json"), Json.mapper());
        }
        if (redis == null) {
            redis = new OwnRedis(dir);
        }
        if (link != null) {
            link.close();
        }
        link = new RedisLink(
                new RedisConnector(RedisConfig.of(redis.uri()), Duration.ofSeconds(3)),
                System::currentTimeMillis,
                2000);
        return new RedisPoolStore(link, Json.mapper());
    }

    private static PoolEntry entry(String id) {
        return new PoolEntry("firefox", "east", "agent1", "c-" + id, id, AT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "redis"})
    void aStagedSessionIsClaimedOnceAndStaysClaimedAfterARestart(String kind) throws Exception {
        PoolStore store = open(kind);
        store.add(entry("s1"));
        store.add(entry("s2"));

        assertThat(store.claim(List.of(entry("s1"), entry("s2")), "alice", AT)).contains(entry("s1"));
        assertThat(store.claim(List.of(entry("s1")), "bob", AT))
                .as("s1 is alice's")
                .isEmpty();
        assertThat(store.withdraw("s1"))
                .as("a claimed session is not withdrawn")
                .isFalse();
        assertThat(store.withdraw("s2")).isTrue();
        assertThat(store.claim(List.of(entry("s2")), "bob", AT))
                .as("a withdrawn one is not claimed")
                .isEmpty();

        PoolStore again = open(kind);
        assertThat(again.ready()).isEmpty();
        assertThat(again.claims().get("s1").user()).isEqualTo("alice");
        assertThat(again.claimedOn(LocalDate.of(2026, 12, 1))).containsEntry("firefox@east", 1);
        assertThat(again.claimedOn(LocalDate.of(2026, 12, 2))).isEmpty();
        again.forget("s1");
        assertThat(again.claims()).isEmpty();
    }
}
