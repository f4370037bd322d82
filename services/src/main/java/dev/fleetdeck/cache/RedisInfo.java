package dev.fleetdeck.cache;

import java.util.HashMap;
import java.util.Map;

/**
 * The figures of Redis {@code INFO} the console shows. Parsed leniently: a field a server version
 * does not report is 0 (Redis 5 lacks some of 7's), never an error.
 */
public record RedisInfo(
        String version,
        long keyspaceHits,
        long keyspaceMisses,
        long evictedKeys,
        long expiredKeys,
        long usedMemory,
        long maxMemory,
        long opsPerSec,
        long connectedClients,
        long uptimeSeconds) {

    /** Hit rate since the server started, 0..1 (0 before any lookup). */
    public double hitRate() {
        long total = keyspaceHits + keyspaceMisses;
        return total == 0 ? 0 : (double) keyspaceHits / total;
    }

    /** Hit rate between {@code earlier} and this, 0..1; NaN when no lookups happened between. */
    public double hitRateSince(RedisInfo earlier) {
        long hits = keyspaceHits - earlier.keyspaceHits;
        long misses = keyspaceMisses - earlier.keyspaceMisses;
        // A restarted server counts from zero again: the interval is unknown.
        if (hits < 0 || misses < 0 || hits + misses == 0) {
            return Double.NaN;
        }
        return (double) hits / (hits + misses);
    }

    public static RedisInfo parse(String info) {
        Map<String, String> f = new HashMap<>();
        for (String line : info.split("\r?\n", -1)) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                f.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return new RedisInfo(
                f.getOrDefault("redis_version", "?"),
                num(f, "keyspace_hits"),
                num(f, "keyspace_misses"),
                num(f, "evicted_keys"),
                num(f, "expired_keys"),
                num(f, "used_memory"),
                num(f, "maxmemory"),
                num(f, "instantaneous_ops_per_sec"),
                num(f, "connected_clients"),
                num(f, "uptime_in_seconds"));
    }

    private static long num(Map<String, String> f, String key) {
        try {
            return Long.parseLong(f.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
