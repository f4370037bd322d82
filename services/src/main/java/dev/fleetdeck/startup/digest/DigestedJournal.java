package dev.fleetdeck.startup.digest;

import dev.fleetdeck.startup.LineProblem;
import dev.fleetdeck.startup.MergeableSink;
import dev.fleetdeck.startup.StartupRecordCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a journal into an analysis through its digest when the digest is provably of this journal,
 * with the records and problems a timings read of the whole file gives, in the same order: the
 * digest's prefix is replayed, only the lines after it are parsed (by the one codec) and added to
 * the digest, and a last line without its line end (a write under way) is read but never digested.
 * A digest that does not match (another file, a shorter one, other bytes, garbage) is not used;
 * the whole journal is parsed and the digest made again.
 */
public final class DigestedJournal {
    private DigestedJournal() {}

    /**
     * @param codec a {@link StartupRecordCodec.Detail#TIMINGS} codec: a digest holds what it reads
     */
    public static <S extends MergeableSink<S>> DigestUse read(
            Path journal, Path digestFile, StartupRecordCodec codec, S sink, Consumer<? super LineProblem> problems)
            throws IOException {
        if (codec.detail() != StartupRecordCodec.Detail.TIMINGS) {
            throw new IllegalArgumentException("a digest holds a timings read; this codec reads " + codec.detail());
        }
        String key = JournalPrefix.fileKey(journal);
        long size = Files.size(journal);
        if (key == null) {
            codec.read(journal, 0, size, 0, sink, problems, StartupRecordCodec.rangesFor(size));
            return DigestUse.NONE;
        }
        Optional<JournalDigest> digest = JournalDigest.read(digestFile);
        if (digest.isPresent() && !digest.get().prefix().matches(journal)) {
            digest = Optional.empty();
        }
        long base = 0;
        long lines = 0;
        if (digest.isPresent()) {
            JournalDigest d = digest.get();
            d.replay(sink, problems);
            base = d.prefix().bytes();
            lines = d.lines();
        }
        long end = lastLineEnd(journal, base, size);
        DigestBuilder builder = null;
        if (end > base) {
            builder = digest.isPresent() ? digest.get().extend() : new DigestBuilder();
            DigestBuilder into = builder;
            StartupRecordCodec.ReadSummary tail = codec.read(
                    journal,
                    base,
                    end,
                    lines,
                    into.sink(sink),
                    p -> {
                        into.problem(p);
                        problems.accept(p);
                    },
                    StartupRecordCodec.rangesFor(end - base));
            lines += tail.lines();
        }
        if (size > end) {
            codec.read(journal, end, size, lines, sink, problems, 1);
        }
        if (builder == null) {
            return digest.isPresent() ? DigestUse.USED : DigestUse.NONE;
        }
        boolean written = false;
        try {
            JournalPrefix prefix = JournalPrefix.of(journal, key, end);
            // The same file, still holding what was read: a journal replaced or cut meanwhile gets no digest.
            if (key.equals(JournalPrefix.fileKey(journal)) && Files.size(journal) >= end) {
                written = builder.write(digestFile, prefix, lines);
            }
        } catch (IOException e) {
            // A cache that cannot be written (read-only folder, full disk) costs only the next read's time.
            written = false;
        }
        if (!written) {
            return DigestUse.NONE;
        }
        return digest.isPresent() ? DigestUse.EXTENDED : DigestUse.BUILT;
    }

    /** The offset just after the last {@code \n} in [from, to), or {@code from} when there is none. */
    static long lastLineEnd(Path file, long from, long to) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 14);
            long end = to;
            while (end > from) {
                long start = Math.max(from, end - buf.capacity());
                buf.clear().limit((int) (end - start));
                long pos = start;
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, pos);
                    if (n < 0) {
                        break;
                    }
                    pos += n;
                }
                for (int i = buf.position() - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        return start + i + 1;
                    }
                }
                end = start;
            }
            return from;
        }
    }
}
