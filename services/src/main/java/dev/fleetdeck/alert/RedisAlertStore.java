package dev.fleetdeck.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.store.LockedFile;
import dev.fleetdeck.store.RedisLink;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.util.function.Function;

/**
 * The alert book as one JSON value in Redis ({@code fleetdeck:alerts}), changed by compare-and-set:
 * a Lua script writes the new book only if the stored one is still the one read. The book is small
 * (bounded history), so comparing it whole is cheaper than a version scheme and cannot drift.
 */
public final class RedisAlertStore implements AlertStore {
    static final String KEY = "fleetdeck:alerts";
    private static final String CAS = "local cur = redis.call('GET', KEYS[1]) or ''\n"
            + "if cur == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end\n"
            + "return 0";
    private static final int ATTEMPTS = 20;

    private final RedisLink redis;
    private final ObjectMapper json;

    public RedisAlertStore(RedisLink redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    @Override
    public AlertBook read() throws IOException {
        return parse(raw());
    }

    private String raw() throws IOException {
        try {
            String v = redis.sync().get(KEY);
            return v == null ? "" : v;
        } catch (RuntimeException e) {
            throw new IOException("Redis " + redis.describe() + ": " + e.getMessage(), e);
        }
    }

    private AlertBook parse(String raw) throws IOException {
        return raw.isEmpty() ? AlertBook.empty() : json.readValue(raw, AlertBook.class);
    }

    @Override
    @SuppressWarnings(
            "ReferenceEquality") // a change that keeps the book returns the very same object: nothing to write
    public <R> R change(Function<AlertBook, LockedFile.Outcome<AlertBook, R>> change) throws IOException {
        for (int i = 0; i < ATTEMPTS; i++) {
            String before = raw();
            AlertBook current = parse(before);
            LockedFile.Outcome<AlertBook, R> outcome = change.apply(current);
            if (outcome.document() == current) {
                return outcome.result();
            }
            String after = json.writeValueAsString(outcome.document());
            try {
                Long ok = redis.sync().eval(CAS, ScriptOutputType.INTEGER, new String[] {KEY}, before, after);
                if (ok != null && ok == 1) {
                    return outcome.result();
                }
            } catch (RuntimeException e) {
                throw new IOException("Redis " + redis.describe() + ": " + e.getMessage(), e);
            }
        }
        throw new IOException("the alert book in Redis changed " + ATTEMPTS + " times while this console wrote it");
    }

    @Override
    public String describe() {
        return "Redis " + redis.describe() + " key " + KEY;
    }
}
