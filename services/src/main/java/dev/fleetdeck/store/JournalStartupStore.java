package dev.fleetdeck.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.startup.LineProblem;
import dev.fleetdeck.startup.MergeableSink;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.startup.digest.DigestUse;
import dev.fleetdeck.startup.digest.DigestedJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Startup records as JSON lines in a local file, written whole by {@link JsonLinesFile} and
 * read and written through {@link StartupRecordCodec}, the one form of a record.
 */
public final class JournalStartupStore implements StartupStore {
    /** Records kept in memory while the disk is full: about 100 MB at most. */
    private static final int MAX_UNWRITTEN = 100_000;

    private final JsonLinesFile<StartupRecord> lines;
    private final StartupRecordCodec codec = new StartupRecordCodec();
    /** An analysis reads only the timings: a third less work at a million lines, and the scanner's fast path. */
    private final StartupRecordCodec timings = new StartupRecordCodec(StartupRecordCodec.Detail.TIMINGS);

    private final Consumer<String> problems;
    /** Encoded records the disk refused, oldest first (bounded: a disk full for hours drops the oldest, told). */
    private final Deque<String> unwritten = new ArrayDeque<>();

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
        appendLine(codec.encode(record));
    }

    /**
     * Appends a record in its encoded form. When the disk refuses it (full), the line is kept in
     * memory and written before the next one, so a full disk delays records but loses none while
     * this process lives; the exception says so.
     */
    synchronized void appendLine(String line) throws IOException {
        if (unwritten.size() >= MAX_UNWRITTEN) {
            problems.accept("startup journal " + lines.path() + ": " + MAX_UNWRITTEN
                    + " records wait for room on the disk; the oldest is dropped");
            unwritten.poll();
        }
        unwritten.add(line);
        writeUnwritten();
    }

    /** Writes the records a full disk refused, oldest first; returns how many still wait. */
    public synchronized int writeUnwritten() throws IOException {
        while (!unwritten.isEmpty()) {
            try {
                lines.appendLine(unwritten.peek(), false);
            } catch (IOException e) {
                throw new IOException(
                        e.getMessage() + "; " + unwritten.size()
                                + " record(s) kept in memory and written once the disk has room",
                        e);
            }
            unwritten.poll();
        }
        return 0;
    }

    /** How many records wait in memory for room on the disk. */
    public synchronized int unwrittenCount() {
        return unwritten.size();
    }

    @Override
    public void forEachSince(Instant since, Consumer<StartupRecord> consumer, Consumer<RecordProblem> problems)
            throws IOException {
        Path file = lines.path();
        if (!Files.exists(file)) {
            return;
        }
        String source = file.toString();
        codec.read(
                file,
                rec -> {
                    if (rec.performance().provisioningStartedAt() != null
                            && !rec.performance().provisioningStartedAt().isBefore(since)) {
                        consumer.accept(rec);
                    }
                },
                p -> problems.accept(RecordProblem.of(source, p)));
    }

    /**
     * Every record of the file, on every core for a large one; the sink's window leaves out older
     * ones. Through the journal's digest ({@link #digestOf}): a cold read maps the digest instead of
     * parsing the JSON, with the same records and problems.
     */
    @Override
    public <S extends MergeableSink<S>> void feed(Instant since, S sink, Consumer<RecordProblem> problems)
            throws IOException {
        read(lines.path(), digestOf(lines.path()), timings, sink, problems);
    }

    /** Where a journal's digest lives: beside it, {@code startups.jsonl.digest}. */
    public static Path digestOf(Path journal) {
        return journal.resolveSibling(journal.getFileName() + ".digest");
    }

    /** A journal file (this one or an export) into a sink, on every core when it is large. */
    public static <S extends MergeableSink<S>> void read(
            Path file, StartupRecordCodec codec, S sink, Consumer<RecordProblem> problems) throws IOException {
        read(file, null, codec, sink, problems);
    }

    /**
     * The same through a digest kept at {@code digest} (null for none); a digest is used only with a
     * timings codec, the one whose read it holds. Says what was done with the digest.
     */
    public static <S extends MergeableSink<S>> DigestUse read(
            Path file, Path digest, StartupRecordCodec codec, S sink, Consumer<RecordProblem> problems)
            throws IOException {
        if (!Files.exists(file)) {
            return DigestUse.NONE;
        }
        String source = file.toString();
        Consumer<LineProblem> located = p -> problems.accept(RecordProblem.of(source, p));
        if (digest != null && codec.detail() == StartupRecordCodec.Detail.TIMINGS) {
            return DigestedJournal.read(file, digest, codec, sink, located);
        }
        codec.read(file, sink, located, StartupRecordCodec.rangesFor(Files.size(file)));
        return DigestUse.NONE;
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
    public synchronized void close() throws IOException {
        try {
            writeUnwritten();
        } catch (IOException e) {
            problems.accept("startup journal " + lines.path() + ": " + unwritten.size()
                    + " record(s) not written, the disk is still full: " + e.getMessage());
        } finally {
            lines.close();
        }
    }
}
