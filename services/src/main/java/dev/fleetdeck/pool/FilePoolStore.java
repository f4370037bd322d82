package dev.fleetdeck.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.store.LockedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pool store of the embedded default: one JSON document under the data folder, changed under
 * {@link LockedFile}'s OS lock, so launches in several processes of this machine claim atomically.
 */
public final class FilePoolStore implements PoolStore {
    private final LockedFile<Document> file;

    /** The whole shared state: ready sessions, claims, and today's claim counts per pool. */
    public record Document(
            Map<String, PoolEntry> ready,
            Map<String, PoolClaim> claimed,
            LocalDate day,
            Map<String, Integer> claimedToday) {
        public Document {
            ready = ready == null ? Map.of() : ready;
            claimed = claimed == null ? Map.of() : claimed;
            claimedToday = claimedToday == null ? Map.of() : claimedToday;
        }

        static Document empty() {
            return new Document(Map.of(), Map.of(), null, Map.of());
        }
    }

    public FilePoolStore(Path path, ObjectMapper json) throws IOException {
        this.file = new LockedFile<>(path, json, Document.class, Document::empty, "the staging pool store");
    }

    @Override
    public List<PoolEntry> ready() throws IOException {
        return List.copyOf(file.read().ready().values());
    }

    @Override
    public void add(PoolEntry entry) throws IOException {
        file.update(d -> {
            Map<String, PoolEntry> ready = new LinkedHashMap<>(d.ready());
            ready.put(entry.sessionId(), entry);
            return new Document(ready, d.claimed(), d.day(), d.claimedToday());
        });
    }

    @Override
    public Optional<PoolEntry> claim(List<PoolEntry> candidates, String user, Instant at) throws IOException {
        return file.withLock(d -> {
            for (PoolEntry c : candidates) {
                PoolEntry e = d.ready().get(c.sessionId());
                if (e == null) {
                    continue;
                }
                Map<String, PoolEntry> ready = new LinkedHashMap<>(d.ready());
                ready.remove(e.sessionId());
                Map<String, PoolClaim> claimed = new LinkedHashMap<>(d.claimed());
                claimed.put(e.sessionId(), new PoolClaim(user, at, e));
                LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);
                Map<String, Integer> counts = new LinkedHashMap<>(today.equals(d.day()) ? d.claimedToday() : Map.of());
                counts.merge(e.key(), 1, Integer::sum);
                return new LockedFile.Outcome<>(new Document(ready, claimed, today, counts), Optional.of(e));
            }
            return new LockedFile.Outcome<>(d, Optional.empty());
        });
    }

    @Override
    public boolean withdraw(String sessionId) throws IOException {
        return file.withLock(d -> {
            if (!d.ready().containsKey(sessionId)) {
                return new LockedFile.Outcome<>(d, false);
            }
            Map<String, PoolEntry> ready = new LinkedHashMap<>(d.ready());
            ready.remove(sessionId);
            return new LockedFile.Outcome<>(new Document(ready, d.claimed(), d.day(), d.claimedToday()), true);
        });
    }

    @Override
    public Map<String, PoolClaim> claims() throws IOException {
        return Map.copyOf(file.read().claimed());
    }

    @Override
    public void forget(String sessionId) throws IOException {
        file.update(d -> {
            if (!d.claimed().containsKey(sessionId)) {
                return d;
            }
            Map<String, PoolClaim> claimed = new LinkedHashMap<>(d.claimed());
            claimed.remove(sessionId);
            return new Document(d.ready(), claimed, d.day(), d.claimedToday());
        });
    }

    @Override
    public Map<String, Integer> claimedOn(LocalDate day) throws IOException {
        Document d = file.read();
        return day.equals(d.day()) ? Map.copyOf(d.claimedToday()) : Map.of();
    }

    @Override
    public String describe() {
        return file.path().toString();
    }
}
