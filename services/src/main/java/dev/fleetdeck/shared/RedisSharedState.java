package dev.fleetdeck.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.fleet.AdminStore;
import dev.fleetdeck.launch.CapacityLedger;
import dev.fleetdeck.launch.Reservation;
import dev.fleetdeck.launch.ReservationRequest;
import dev.fleetdeck.store.ProcessOwner;
import dev.fleetdeck.store.RedisLink;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admin states and reservations in Redis, shared by every console that names it. States are the
 * hash {@value #ADMIN} (agent → JSON); each change is published on {@value #CHANNEL}, and a
 * console reloads the whole hash on every message and on every reconnection. Reservations are the
 * hash {@value #RESERVATIONS}; a reservation checks the agent's state, what is held on it and its
 * capacity in one Lua script, so no two consoles can both take the last room.
 */
public final class RedisSharedState implements AdminStore, CapacityLedger {
    static final String ADMIN = "fleetdeck:admin";
    static final String RESERVATIONS = "fleetdeck:reservations";
    static final String CHANNEL = "fleetdeck:admin-changes";

    /**
     * ARGV: agent, id, sessionId, cores, memoryBytes, allocatedCpus, allocatedMemBytes,
     * capacityCpus, capacityMemBytes, ttlMillis, owner, counted session ids (space-separated).
     * Returns {'admin', entry} | {'full', cpus held, memory held} | {'ok', expiresAtMillis}.
     */
    private static final String RESERVE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local admin = redis.call('HGET', KEYS[1], ARGV[1])
            if admin then return {'admin', admin} end
            local counted = {}
            for s in string.gmatch(ARGV[12], '%S+') do counted[s] = true end
            local cpus, mem = 0, 0
            local all = redis.call('HGETALL', KEYS[2])
            for i = 1, #all, 2 do
              local r = cjson.decode(all[i + 1])
              if tonumber(r.expiresAtMillis) <= now then
                redis.call('HDEL', KEYS[2], all[i])
              elseif r.agent == ARGV[1] and not counted[r.sessionId] then
                cpus = cpus + tonumber(r.cores)
                mem = mem + tonumber(r.memoryBytes)
              end
            end
            if tonumber(ARGV[6]) + cpus + tonumber(ARGV[4]) > tonumber(ARGV[8]) + 1e-9
                or tonumber(ARGV[7]) + mem + tonumber(ARGV[5]) > tonumber(ARGV[9]) then
              return {'full', tostring(cpus), string.format('%.0f', mem)}
            end
            local expires = now + tonumber(ARGV[10])
            redis.call('HSET', KEYS[2], ARGV[2], cjson.encode({id = ARGV[2], agent = ARGV[1], sessionId = ARGV[3],
              cores = tonumber(ARGV[4]), memoryBytes = tonumber(ARGV[5]), owner = ARGV[11], expiresAtMillis = expires}))
            return {'ok', string.format('%.0f', expires)}
            """;
    /** ARGV: id, keepMillis. */
    private static final String PLACED = """
            local v = redis.call('HGET', KEYS[1], ARGV[1])
            if not v then return 0 end
            local t = redis.call('TIME')
            local r = cjson.decode(v)
            r.expiresAtMillis = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[2])
            redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(r))
            return 1
            """;

    private final RedisLink redis;
    private final ObjectMapper json;
    private final AtomicLong mark = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Listeners reload with blocking calls: never on lettuce's own threads. */
    private final ExecutorService notifications;

    private StatefulRedisPubSubConnection<String, String> subscription;
    private long lastSubscribeAttempt = Long.MIN_VALUE / 2;

    public RedisSharedState(RedisLink redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
        this.notifications = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fleetdeck-admin-notify");
            t.setDaemon(true);
            return t;
        });
        redis.connector().onConnected(this::changed);
        subscribe();
    }

    /** Told (off lettuce's threads) when another console changed a state or the connection came back. */
    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        mark.incrementAndGet();
        if (!notifications.isShutdown()) {
            notifications.execute(() -> listeners.forEach(Runnable::run));
        }
    }

    /** Subscribes once it can; lettuce keeps an established subscription across reconnections. */
    private synchronized void subscribe() {
        long now = System.currentTimeMillis();
        if (subscription != null || now - lastSubscribeAttempt < 5000) {
            return;
        }
        lastSubscribeAttempt = now;
        try {
            StatefulRedisPubSubConnection<String, String> c = redis.connector().connectPubSub();
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    changed();
                }
            });
            c.sync().subscribe(CHANNEL);
            subscription = c;
            changed(); // what changed while we were not listening
        } catch (RuntimeException e) {
            // Redis away or the ACL has no pub/sub: the states are still reloaded on every refresh
        }
    }

    @Override
    public Map<String, AdminEntry> loadAdmin() throws IOException {
        Map<String, AdminEntry> out = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> e : redis.sync().hgetall(ADMIN).entrySet()) {
                out.put(e.getKey(), json.readValue(e.getValue(), AdminEntry.class));
            }
        } catch (JsonProcessingException e) {
            throw new IOException(
                    "an admin state in " + ADMIN + " at " + redis.describe() + " is not readable JSON: "
                            + e.getOriginalMessage(),
                    e);
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void putAdmin(AdminEntry entry) throws IOException {
        try {
            redis.sync().hset(ADMIN, entry.agent(), json.writeValueAsString(entry));
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
        publish(entry.agent());
    }

    @Override
    public void removeAdmin(String agent) throws IOException {
        try {
            redis.sync().hdel(ADMIN, agent);
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
        publish(agent);
    }

    private void publish(String agent) {
        try {
            redis.sync().publish(CHANNEL, agent);
        } catch (RuntimeException e) {
            // stored already; other consoles see it on their next reload
        }
    }

    @Override
    public long changeMark() {
        subscribe();
        return mark.get();
    }

    @Override
    public Grant reserve(ReservationRequest q) throws IOException {
        List<Object> r;
        try {
            r = redis.sync()
                    .eval(
                            RESERVE,
                            ScriptOutputType.MULTI,
                            new String[] {ADMIN, RESERVATIONS},
                            q.agent(),
                            q.id(),
                            q.sessionId(),
                            Double.toString(q.cores()),
                            Long.toString(q.memoryBytes()),
                            Double.toString(q.allocatedCpus()),
                            Long.toString(q.allocatedMemBytes()),
                            Double.toString(q.capacityCpus()),
                            Long.toString(q.capacityMemBytes()),
                            Long.toString(q.ttlMillis()),
                            q.owner(),
                            String.join(" ", q.counted()));
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
        String kind = String.valueOf(r.get(0));
        return switch (kind) {
            case "admin" -> new Grant(null, json.readValue(String.valueOf(r.get(1)), AdminEntry.class), 0, 0);
            case "full" ->
                new Grant(
                        null,
                        null,
                        Double.parseDouble(String.valueOf(r.get(1))),
                        Long.parseLong(String.valueOf(r.get(2))));
            case "ok" ->
                new Grant(
                        new Reservation(
                                q.id(),
                                q.agent(),
                                q.sessionId(),
                                q.cores(),
                                q.memoryBytes(),
                                q.owner(),
                                Long.parseLong(String.valueOf(r.get(1)))),
                        null,
                        0,
                        0);
            default -> throw new IOException("unexpected answer of the reservation script: " + r);
        };
    }

    @Override
    public void placed(Reservation r, long keepMillis) throws IOException {
        try {
            redis.sync()
                    .eval(
                            PLACED,
                            ScriptOutputType.INTEGER,
                            new String[] {RESERVATIONS},
                            r.id(),
                            Long.toString(keepMillis));
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void release(Reservation r) throws IOException {
        try {
            redis.sync().hdel(RESERVATIONS, r.id());
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Also drops what processes of this machine that died held, at once rather than at expiry. */
    @Override
    public List<Reservation> held() throws IOException {
        List<Reservation> live = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        long now = System.currentTimeMillis();
        try {
            for (Map.Entry<String, String> e :
                    redis.sync().hgetall(RESERVATIONS).entrySet()) {
                Reservation r = json.readValue(e.getValue(), Reservation.class);
                if (!ProcessOwner.alive(r.owner())) {
                    dead.add(e.getKey());
                } else if (r.expiresAtMillis() > now) {
                    live.add(r);
                }
            }
            if (!dead.isEmpty()) {
                redis.sync().hdel(RESERVATIONS, dead.toArray(String[]::new));
            }
        } catch (JsonProcessingException e) {
            throw new IOException(
                    "a reservation in " + RESERVATIONS + " is not readable JSON: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
        return live;
    }

    @Override
    public String describe() {
        return "Redis at " + redis.describe();
    }

    @Override
    public void close() {
        notifications.shutdownNow();
        synchronized (this) {
            if (subscription != null) {
                try {
                    subscription.close();
                } catch (RuntimeException ignored) {
                    // going away anyway
                }
            }
        }
    }
}
