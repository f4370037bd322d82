package dev.fleetdeck.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.startup.MergeableSink;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Startup records as JSON lines in a local file, written whole by {@link JsonLinesFile} and
 * read and written through {@link StartupRecordCodec}, the one form of a record.
 */
public final class JournalStartupStore implements StartupStore {
    private final JsonLinesFile<StartupRecord> lines;
    private final StartupRecordCodec codec = new StartupRecordCodec();
    /** An analysis reads only the timings: a third less work at a million lines, and the scanner's fast path. */
    private final StartupRecordCodec timings = new StartupRecordCodec(StartupRecordCodec.Detail.TIMINGS);
    private final Consumer<String> problems;

    /** Unreadable lines met by a read that names no sink go to stderr, located. */
    public JournalStartupStore(Path file, ObjectMapper json) throws IOException {
        this(file, json, System.err::println);
    }

    /** @param problems where unreadable lines are told when a read names no sink of its own */
    public JournalStartupStore(Path file, ObjectMapper json, Consumer<String> problems) throws IOException {
        this.lines = new JsonLinesFile<>(file, json, StartupRecord.class, "startup journal");
        this.problems = problems;
    }

    @Override
    public void append(StartupRecord record) throws IOException {
        lines.appendLine(codec.encode(record), false);
    }

    @Override
    public void forEachSince(Instant since, Consumer<StartupRecord> consumer, Consumer<RecordProblem> problems)
            throws IOException {
        Path file = lines.path();
        if (!Files.exists(file)) {
            return;
        }
        String source = file.toString();
        codec.read(file, rec -> {
            if (rec.performance().provisioningStartedAt() != null
                    && !rec.performance().provisioningStartedAt().isBefore(since)) {
                consumer.accept(rec);
            }
        }, p -> problems.accept(RecordProblem.of(source, p)));
    }

    /** Every record of the file, on every core for a large one; the sink's window leaves out older ones. */
    @Override
    public <S extends MergeableSink<S>> void feed(Instant since, S sink, Consumer<RecordProblem> problems)
            throws IOException {
        read(lines.path(), timings, sink, problems);
    }

    /** A journal file (this one or an export) into a sink, on every core when it is large. */
    public static <S extends MergeableSink<S>> void read(Path file, StartupRecordCodec codec, S sink,
                                                         Consumer<RecordProblem> problems) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        String source = file.toString();
        codec.read(file, sink, p -> problems.accept(RecordProblem.of(source, p)),
                StartupRecordCodec.rangesFor(Files.size(file)));
    }

    @Override
    public void forEachSince(Instant since, Consumer<StartupRecord> consumer) throws IOException {
        forEachSince(since, consumer, p -> problems.accept(p.toString()));
    }

    public Path path() {
        return lines.path();
    }

    @Override
    public String describe() {
        return "journal " + lines.path();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
