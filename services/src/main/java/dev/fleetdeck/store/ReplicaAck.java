package dev.fleetdeck.store;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * Makes a write survive a Sentinel failover: Redis replicates asynchronously, so a write the
 * master acknowledged and then died with is gone from the replica that takes over. When the
 * master has replicas, {@code WAIT 1} holds the caller until one has the write; a plain server
 * without replicas has nothing to wait for.
 */
public final class ReplicaAck {
    private static final long WAIT_MILLIS = 2000;

    private ReplicaAck() {}

    /** @throws IllegalStateException when the master has replicas and none confirmed in time */
    public static void await(RedisCommands<String, String> redis) {
        if (connectedReplicas(redis) == 0) {
            return;
        }
        Long acked = redis.waitForReplication(1, WAIT_MILLIS);
        if (acked == null || acked < 1) {
            throw new IllegalStateException("no replica confirmed the write within " + WAIT_MILLIS + " ms");
        }
    }

    static int connectedReplicas(RedisCommands<String, String> redis) {
        for (String line : redis.info("replication").split("\r?\n", -1)) {
            if (line.startsWith("connected_slaves:")) {
                try {
                    return Integer.parseInt(
                            line.substring("connected_slaves:".length()).strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
