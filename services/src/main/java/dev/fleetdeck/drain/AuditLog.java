package dev.fleetdeck.drain;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Every operator action on agents (cordon, drain, force, stop, cancel, enable), append-only. A
 * view lists it with {@link #since}; writing never blocks an action for long and never fails it:
 * an action is not undone because its audit line could not be written, the failure is told.
 */
public interface AuditLog extends AutoCloseable {

    void append(AuditEntry entry) throws IOException;

    /** Entries at or after {@code since}, oldest first, at most {@code limit} (the newest ones). */
    List<AuditEntry> since(Instant since, int limit) throws IOException;

    String describe();

    @Override
    void close() throws IOException;
}
