package dev.fleetdeck.store;

import dev.fleetdeck.startup.MergeableSink;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** Where startup records live: Redis when configured, else a local journal. */
public interface StartupStore extends AutoCloseable {
    /** Stores one record durably before returning: a console killed after this keeps it. */
    void append(StartupRecord record) throws IOException;

    /**
     * Every record whose provisioning started at or after {@code since}, oldest first; each stored
     * entry that is not a readable launch goes to {@code problems} (never dropped silently).
     */
    void forEachSince(Instant since, Consumer<StartupRecord> consumer, Consumer<RecordProblem> problems)
            throws IOException;

    /**
     * Feeds an analysis every record since {@code since} (and possibly older ones: the sink has its
     * own window). A journal reads a large file on every core; the records and problems are those
     * of {@link #forEachSince(Instant, Consumer, Consumer)}, problems in store order, though a store
     * may read only what an analysis uses ({@link StartupRecordCodec.Detail#TIMINGS}).
     */
    default <S extends MergeableSink<S>> void feed(Instant since, S sink, Consumer<RecordProblem> problems)
            throws IOException {
        forEachSince(since, sink, problems);
    }

    /** As above, bad entries going to the problems the store was opened with. */
    void forEachSince(Instant since, Consumer<StartupRecord> consumer) throws IOException;

    /** Where the records are, for messages ("journal ~/.local/share/fleetdeck/startups.jsonl"). */
    String describe();

    /**
     * What a reader of the last read should know about what it may be missing, e.g. that Redis
     * was unreachable and only this workstation's journal was read.
     */
    default Optional<String> caveat() {
        return Optional.empty();
    }

    @Override
    void close() throws IOException;
}
