package dev.fleetdeck.fleet;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the administrative states of a fleet live, shared by every process that opens it: a
 * locked file under the data folder, or Redis. {@link AdminStates} is one process's view of it.
 */
public interface AdminStore extends AutoCloseable {
    /** Every agent that is not enabled. */
    Map<String, AdminEntry> loadAdmin() throws IOException;

    /** Stores {@code entry}, replacing the agent's; the later of two writers wins. */
    void putAdmin(AdminEntry entry) throws IOException;

    /** The agent is enabled again. */
    void removeAdmin(String agent) throws IOException;

    /**
     * Changes whenever another process may have changed the states (a file's modification time,
     * a Redis notification or reconnection): a view reloads only when it moved.
     */
    long changeMark();

    String describe();

    /** Told when another process changed a state, where the store can say so at once (Redis pub/sub). */
    default void onChange(Runnable listener) {}

    @Override
    default void close() {}

    /** One process only: tests, benchmarks, and a fleet nobody else opens. */
    static AdminStore inMemory() {
        Map<String, AdminEntry> states = new ConcurrentHashMap<>();
        return new AdminStore() {
            @Override
            public Map<String, AdminEntry> loadAdmin() {
                return Map.copyOf(states);
            }

            @Override
            public void putAdmin(AdminEntry entry) {
                states.put(entry.agent(), entry);
            }

            @Override
            public void removeAdmin(String agent) {
                states.remove(agent);
            }

            @Override
            public long changeMark() {
                return 0;
            }

            @Override
            public String describe() {
                return "this process's memory";
            }
        };
    }
}
