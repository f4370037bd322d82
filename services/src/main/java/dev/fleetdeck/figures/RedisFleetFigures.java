package dev.fleetdeck.figures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.store.RedisLink;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The fleet's last reading in Redis. Freshness is Redis's own clock: the reading lives two of its
 * publisher's intervals ({@code PX}), so a reader on a host whose clock is off still tells a live
 * publisher from a gone one. The turn is a key set with {@code NX} for one interval.
 */
public final class RedisFleetFigures implements FleetFigures {
    static final String KEY = "fleetdeck:figures";
    static final String TURN = "fleetdeck:figures:turn";

    private final RedisLink redis;
    private final ObjectMapper json;

    public RedisFleetFigures(RedisLink redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    @Override
    public boolean publish(String publisher, Duration every, Supplier<PublishedFleet> reading) throws IOException {
        try {
            RedisCommands<String, String> sync = redis.sync();
            SetArgs turn = SetArgs.Builder.nx().px(FleetFigures.turn(every).toMillis());
            if (!"OK".equals(sync.set(TURN, publisher, turn))) {
                return false;
            }
            sync.set(KEY, json.writeValueAsString(reading.get()), SetArgs.Builder.px(2 * every.toMillis()));
            return true;
        } catch (RuntimeException e) {
            throw new IOException(
                    "cannot publish the fleet's figures to Redis (" + redis.describe() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<PublishedFleet> latest() throws IOException {
        String text;
        try {
            text = redis.sync().get(KEY);
        } catch (RuntimeException e) {
            throw new IOException(
                    "cannot read the fleet's figures from Redis (" + redis.describe() + "): " + e.getMessage(), e);
        }
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(text, PublishedFleet.class));
        } catch (JsonProcessingException e) {
            throw new IOException(KEY + " in Redis is not a fleet reading (written by another program?)", e);
        }
    }

    @Override
    public String describe() {
        return KEY + " in " + redis.describe();
    }
}
