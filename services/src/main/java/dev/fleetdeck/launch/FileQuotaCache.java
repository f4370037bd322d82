package dev.fleetdeck.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.cache.CacheCounter;
import dev.fleetdeck.cache.CacheCounts;
import dev.fleetdeck.store.LockedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The embedded default's quota cache, shared by every process of this machine: the counts in a
 * {@link LockedFile} under the data folder, each change under its lock, expiring like the Redis
 * key. A process that dies after reserving leaves its count until the entry expires, which
 * errs on the side of refusing. When the file cannot be used every lookup is a miss: the launch
 * counts live sessions, as with Redis away.
 */
public final class FileQuotaCache implements QuotaCache {
    /** A user's reserved count and when it is counted again from the agents. */
    public record Count(long count, long expiresAtMillis) {}

    /** The whole file. */
    public record Counts(Map<String, Count> users) {
        public Counts {
            users = users == null ? Map.of() : Map.copyOf(users);
        }

        Counts with(String user, Count c) {
            Map<String, Count> next = new LinkedHashMap<>(users);
            if (c == null) {
                next.remove(user);
            } else {
                next.put(user, c);
            }
            return new Counts(next);
        }
    }

    private final LockedFile<Counts> file;
    private final Duration ttl;
    private final LongSupplier millis;
    private final Consumer<String> problems;
    private final CacheCounter counter = new CacheCounter();

    public FileQuotaCache(Path path, ObjectMapper json, Duration ttl, LongSupplier millis, Consumer<String> problems)
            throws IOException {
        this.file = new LockedFile<>(path, json, Counts.class, () -> new Counts(Map.of()), "quota counts");
        this.ttl = ttl;
        this.millis = millis;
        this.problems = problems;
    }

    @Override
    public String name() {
        return "quota (shared file)";
    }

    @Override
    public CacheCounts counts() {
        return counter.snapshot();
    }

    private Count live(Counts all, String user, long now) {
        Count c = all.users().get(user);
        return c == null || c.expiresAtMillis() <= now ? null : c;
    }

    @Override
    public OptionalLong addIfPresent(String user, long delta) {
        long t0 = System.nanoTime();
        try {
            Long v = file.withLock(all -> {
                Count c = live(all, user, millis.getAsLong());
                if (c == null) {
                    return new LockedFile.Outcome<>(all, null);
                }
                Count next = new Count(c.count() + delta, c.expiresAtMillis());
                return new LockedFile.Outcome<>(all.with(user, next), next.count());
            });
            if (v == null) {
                counter.miss(System.nanoTime() - t0);
                return OptionalLong.empty();
            }
            counter.hit(System.nanoTime() - t0);
            return OptionalLong.of(v);
        } catch (IOException e) {
            problems.accept("quota cache: " + file.path() + " unusable, counting live sessions instead ("
                    + e.getMessage() + ")");
            counter.miss(System.nanoTime() - t0);
            return OptionalLong.empty();
        }
    }

    @Override
    public long initAndAdd(String user, long counted, long delta) {
        try {
            return file.withLock(all -> {
                long now = millis.getAsLong();
                Count c = live(all, user, now);
                Count next = c == null
                        ? new Count(counted + delta, now + ttl.toMillis())
                        : new Count(c.count() + delta, c.expiresAtMillis());
                return new LockedFile.Outcome<>(all.with(user, next), next.count());
            });
        } catch (IOException e) {
            return counted + delta;
        }
    }

    @Override
    public void release(String user) {
        try {
            file.update(all -> {
                Count c = live(all, user, millis.getAsLong());
                return c == null || c.count() <= 0
                        ? all
                        : all.with(user, new Count(c.count() - 1, c.expiresAtMillis()));
            });
        } catch (IOException e) {
            // the entry expires within the TTL anyway
        }
    }

    @Override
    public void invalidate(String user) {
        try {
            file.update(all -> all.users().containsKey(user) ? all.with(user, null) : all);
        } catch (IOException e) {
            // the entry expires within the TTL anyway
        }
    }
}
