package dev.fleetdeck.drain;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Drain records in one Redis hash ({@code fleetdeck:drains}, field = agent), shared by every
 * console of the fleet: a cordon made in one is seen by all, and any console resumes a drain
 * whose console died.
 */
public final class RedisDrainStore implements DrainStore {
    static final String KEY = "fleetdeck:drains";

    private final StatefulRedisConnection<String, String> connection;
    private final ObjectMapper json;
    private final String description;

    public RedisDrainStore(StatefulRedisConnection<String, String> connection, ObjectMapper json, String description) {
        this.connection = connection;
        this.json = json;
        this.description = description;
    }

    @Override
    public void save(DrainRecord record) throws IOException {
        try {
            connection.sync().hset(KEY, record.agent(), json.writeValueAsString(record));
        } catch (RedisException e) {
            throw new IOException("could not store the drain of " + record.agent() + " in Redis: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<DrainRecord> load(String agent) throws IOException {
        try {
            String v = connection.sync().hget(KEY, agent);
            return v == null ? Optional.empty() : Optional.of(json.readValue(v, DrainRecord.class));
        } catch (RedisException e) {
            throw new IOException("could not read the drain of " + agent + " from Redis: " + e.getMessage(), e);
        }
    }

    @Override
    public List<DrainRecord> all() throws IOException {
        List<DrainRecord> list = new ArrayList<>();
        try {
            for (String v : connection.sync().hgetall(KEY).values()) {
                DrainRecord r = json.readValue(v, DrainRecord.class);
                if (r.phase() != DrainPhase.ENABLED) {
                    list.add(r);
                }
            }
        } catch (RedisException e) {
            throw new IOException("could not read drains from Redis: " + e.getMessage(), e);
        }
        list.sort(Comparator.comparing(DrainRecord::agent));
        return list;
    }

    @Override
    public String describe() {
        return "Redis " + description;
    }

    @Override
    public void close() {
        // the connection belongs to whoever opened it
    }
}
