package dev.fleetdeck.startup.digest;

import dev.fleetdeck.startup.LineProblem;
import dev.fleetdeck.startup.MergeableSink;
import dev.fleetdeck.store.FileReplace;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * A compact digest of a journal's first {@link JournalPrefix#bytes()} bytes: what a timings read
 * of those lines gives, the records and the bad lines (with their line numbers and reasons), so an
 * analysis can replay them instead of parsing the JSON. A derived cache, never the truth: it is
 * used only while its prefix {@linkplain JournalPrefix#matches matches} the journal, and a file
 * that is not a whole digest of this format (torn, garbage, another version) reads as none.
 *
 * <p>The file: a magic and format number, the prefix, the line count, the names, the problems, the
 * encoded records and their checkpoints, and a CRC32C of everything before it.
 */
public final class JournalDigest {
    private static final byte[] MAGIC = "FDDIGEST".getBytes(StandardCharsets.US_ASCII);
    /**
     * Bump when what a timings read gives changes ({@code StartupRecordCodec}, {@code TimingsScanner})
     * or this layout does: a digest of another format reads as none and is made again.
     */
    static final int FORMAT = 1;
    /** A journal with more bad lines than this in its covered part is not digested (it is not a journal). */
    static final int MAX_PROBLEMS = 100_000;

    private final JournalPrefix prefix;
    private final long lines;
    private final List<String> strings;
    private final List<LineProblem> problems;
    /** The encoded records are {@code records[recordsFrom, recordsFrom + recordBytes)}: the file as read, not copied. */
    private final byte[] records;

    private final int recordsFrom;
    private final int recordBytes;
    private final long recordCount;
    private final long[] checkpoints;

    JournalDigest(
            JournalPrefix prefix,
            long lines,
            List<String> strings,
            List<LineProblem> problems,
            byte[] records,
            int recordsFrom,
            int recordBytes,
            long recordCount,
            long[] checkpoints) {
        this.prefix = prefix;
        this.lines = lines;
        this.strings = List.copyOf(strings);
        this.problems = List.copyOf(problems);
        this.records = records;
        this.recordsFrom = recordsFrom;
        this.recordBytes = recordBytes;
        this.recordCount = recordCount;
        this.checkpoints = checkpoints.clone();
    }

    public JournalPrefix prefix() {
        return prefix;
    }

    /** Lines of the covered prefix, blank and bad ones too: the tail's first line is this + 1. */
    public long lines() {
        return lines;
    }

    public long recordCount() {
        return recordCount;
    }

    public List<LineProblem> problems() {
        return problems;
    }

    /** The digest in this file, or empty when there is none or it is not a whole one of this format. */
    public static Optional<JournalDigest> read(Path file) {
        byte[] all;
        try {
            // A digest is a few percent of its journal; a file this large is not one and must not take the heap.
            if (Files.size(file)
                    > Math.min(Integer.MAX_VALUE - 64, Runtime.getRuntime().maxMemory() / 4)) {
                return Optional.empty();
            }
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            // None there, or unreadable: the journal is parsed, as with no digest.
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(parse(all));
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            // Garbage that passed the checksum by chance, or a bug: either way not a digest to trust.
            return Optional.empty();
        }
    }

    private static JournalDigest parse(byte[] all) {
        if (all.length < MAGIC.length + 4 + 8) {
            return null;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (all[i] != MAGIC[i]) {
                return null;
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 8);
        ByteBuffer in = ByteBuffer.wrap(all);
        if (in.getLong(all.length - 8) != crc.getValue()) {
            return null;
        }
        in.position(MAGIC.length);
        if (in.getInt() != FORMAT) {
            return null;
        }
        JournalPrefix prefix = new JournalPrefix(string(in), in.getLong(), in.getLong());
        long lines = in.getLong();
        int stringCount = in.getInt();
        List<String> strings = new ArrayList<>(Math.min(stringCount, 1 << 16));
        for (int i = 0; i < stringCount; i++) {
            strings.add(string(in));
        }
        int problemCount = in.getInt();
        List<LineProblem> problems = new ArrayList<>(Math.min(problemCount, MAX_PROBLEMS));
        for (int i = 0; i < problemCount; i++) {
            problems.add(new LineProblem(in.getLong(), string(in)));
        }
        long recordCount = in.getLong();
        int recordBytes = in.getInt();
        int recordsAt = in.position();
        in.position(recordsAt + recordBytes);
        int checkpointLongs = in.getInt();
        long[] checkpoints = new long[checkpointLongs];
        for (int i = 0; i < checkpointLongs; i++) {
            checkpoints[i] = in.getLong();
        }
        if (in.remaining() != 8 || prefix.bytes() < 0 || lines < 0 || recordCount < 0) {
            return null;
        }
        if (!DigestRecords.wellFormed(all, recordsAt, recordBytes, recordCount, strings.size(), checkpoints)) {
            return null;
        }
        return new JournalDigest(
                prefix, lines, strings, problems, all, recordsAt, recordBytes, recordCount, checkpoints);
    }

    private static String string(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("a string past the end");
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    /** A builder holding this digest's records, names and problems, to add a journal's tail to. */
    DigestBuilder extend() {
        DigestStrings names = new DigestStrings(strings);
        return new DigestBuilder(
                names,
                new DigestRecords(
                        names,
                        Arrays.copyOfRange(records, recordsFrom, recordsFrom + recordBytes + (1 << 16)),
                        recordBytes,
                        recordCount,
                        checkpoints),
                new ArrayList<>(problems));
    }

    /**
     * Feeds the records to a sink and the problems (file line numbers, in order) to {@code problems},
     * on two threads when there are many: the second half goes to an empty copy merged back as
     * a parallel read of the journal would, or fed again in order when a merge could not be exact.
     */
    public <S extends MergeableSink<S>> void replay(S sink, Consumer<? super LineProblem> problems) throws IOException {
        this.problems.forEach(problems);
        int middle = middleCheckpoint();
        if (middle < 0 || Runtime.getRuntime().availableProcessors() < 2) {
            feed(sink, 0, 0, recordCount);
            return;
        }
        long splitAt = checkpoints[2 * middle];
        int splitOffset = (int) checkpoints[2 * middle + 1];
        S second = sink.emptyCopy();
        RuntimeException[] failed = {null};
        Thread worker = new Thread(
                () -> {
                    try {
                        feed(second, splitOffset, splitAt, recordCount);
                    } catch (RuntimeException e) {
                        failed[0] = e;
                    }
                },
                "digest-replay");
        worker.setDaemon(true);
        worker.start();
        feed(sink, 0, 0, splitAt);
        try {
            worker.join();
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while replaying a journal digest");
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        if (sink.mergesExactly(second)) {
            sink.merge(second);
        } else {
            feed(sink, splitOffset, splitAt, recordCount);
        }
    }

    /** The checkpoint nearest the middle record, or -1 when too few records to split. */
    private int middleCheckpoint() {
        int best = -1;
        long half = recordCount / 2;
        for (int i = 0; i < checkpoints.length / 2; i++) {
            long at = checkpoints[2 * i];
            if (at > 0 && (best < 0 || Math.abs(at - half) < Math.abs(checkpoints[2 * best] - half))) {
                best = i;
            }
        }
        return best;
    }

    private <S extends MergeableSink<S>> void feed(S sink, int offset, long from, long to) {
        DigestRecords.Cursor cursor = new DigestRecords.Cursor(records, recordsFrom + offset, strings);
        for (long i = from; i < to; i++) {
            sink.accept(cursor.next());
        }
    }

    /** Writes a digest to {@code file} whole or not at all: a temporary file beside it, then a rename. */
    static void write(
            Path file,
            JournalPrefix prefix,
            long lines,
            List<String> strings,
            List<LineProblem> problems,
            DigestRecords records)
            throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                CrcOutput crc = new CrcOutput(raw);
                DataOutputStream out = new DataOutputStream(crc);
                out.write(MAGIC);
                out.writeInt(FORMAT);
                string(out, prefix.fileKey());
                out.writeLong(prefix.bytes());
                out.writeLong(prefix.check());
                out.writeLong(lines);
                out.writeInt(strings.size());
                for (String s : strings) {
                    string(out, s);
                }
                out.writeInt(problems.size());
                for (LineProblem p : problems) {
                    out.writeLong(p.lineNumber());
                    string(out, p.message());
                }
                out.writeLong(records.count());
                out.writeInt(records.size());
                out.write(records.bytes(), 0, records.size());
                long[] checkpoints = records.checkpoints();
                out.writeInt(checkpoints.length);
                for (long c : checkpoints) {
                    out.writeLong(c);
                }
                out.flush();
                long sum = crc.value();
                out.writeLong(sum);
                out.flush();
            }
            FileReplace.replace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Sums what passes through it, so the checksum needs no second pass over the file. */
    private static final class CrcOutput extends OutputStream {
        private final OutputStream out;
        private final CRC32C crc = new CRC32C();

        CrcOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            crc.update(b);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            crc.update(b, off, len);
            out.write(b, off, len);
        }

        long value() {
            return crc.getValue();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
