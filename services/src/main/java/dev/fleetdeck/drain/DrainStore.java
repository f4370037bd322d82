package dev.fleetdeck.drain;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where drain and cordon state lives, so a console closed or killed mid-drain resumes it: a
 * local journal by default, Redis when configured (then every console sees the same state).
 */
public interface DrainStore extends AutoCloseable {

    /** Stores the record durably before returning; it replaces the agent's previous one. */
    void save(DrainRecord record) throws IOException;

    Optional<DrainRecord> load(String agent) throws IOException;

    /** The latest record of every agent not back to {@link DrainPhase#ENABLED}. */
    List<DrainRecord> all() throws IOException;

    /** Where the state is, for messages. */
    String describe();

    @Override
    void close() throws IOException;
}
