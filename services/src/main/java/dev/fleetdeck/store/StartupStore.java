package dev.fleetdeck.store;

import dev.fleetdeck.startup.StartupRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Consumer;

/** Where startup records live: Redis when configured, else a local journal. */
public interface StartupStore extends AutoCloseable {
    /** Stores one record durably before returning: a console killed after this keeps it. */
    void append(StartupRecord record) throws IOException;

    /** Every record whose provisioning started at or after {@code since}, oldest first. */
    void forEachSince(Instant since, Consumer<StartupRecord> consumer) throws IOException;

    /** Where the records are, for messages ("journal ~/.local/share/fleetdeck/startups.jsonl"). */
    String describe();

    @Override
    void close() throws IOException;
}
