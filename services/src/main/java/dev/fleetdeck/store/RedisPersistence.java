package dev.fleetdeck.store;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;

/**
 * Whether the Redis server keeps anything on disk: cordons, drains, leases and the audit log live
 * there, and a server with neither an append-only file nor snapshots forgets them all when it
 * restarts. Read with {@code CONFIG GET appendonly} and {@code CONFIG GET save}; an ACL user
 * without CONFIG gets "could not be checked", never a guess.
 *
 * @param nothingOnDisk true when {@code appendonly no} and {@code save ""}
 * @param checked       false when the server would not say (no CONFIG for this user)
 * @param detail        what was found, for a tooltip or {@code config check}
 */
public record RedisPersistence(boolean checked, boolean nothingOnDisk, String detail) {

    public static RedisPersistence of(RedisCommands<String, String> redis) {
        try {
            Map<String, String> aof = redis.configGet("appendonly");
            Map<String, String> save = redis.configGet("save");
            String appendonly = aof.getOrDefault("appendonly", "");
            String snapshots = save.getOrDefault("save", "").strip();
            if (appendonly.equalsIgnoreCase("no") && snapshots.isEmpty()) {
                return new RedisPersistence(
                        true,
                        true,
                        "the server keeps nothing on disk (appendonly no, save \"\"):"
                                + " a restart forgets every cordon, drain and audit entry — set appendonly yes");
            }
            return new RedisPersistence(
                    true,
                    false,
                    appendonly.equalsIgnoreCase("yes") ? "append-only file" : "snapshots (save " + snapshots + ")");
        } catch (RedisException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new RedisPersistence(
                    false,
                    false,
                    "could not check whether the server keeps anything on disk" + " (CONFIG GET: "
                            + why.lines().findFirst().orElse(why) + ")");
        }
    }

    /** The one line {@code config check} prints; a warning when nothing is kept. */
    public String line() {
        return nothingOnDisk ? "warning: redis " + detail : "redis persistence: " + detail;
    }
}
