package dev.fleetdeck.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole lines of a journal after a byte offset, for replaying what was written while Redis
 * was away. A last line without its newline is being written (or was torn) and is left for the
 * next time; each line comes with the offset just after it, which the caller stores once the
 * line is safely elsewhere.
 */
public final class JournalTail {

    /** Gets one line (without its newline, never blank) and the offset after it. */
    @FunctionalInterface
    public interface LineConsumer {
        void accept(String line, long offsetAfter);
    }

    private JournalTail() {}

    /** @return the offset after the last whole line read ({@code offset} when there was none) */
    public static long forEachLineAfter(Path file, long offset, LineConsumer consumer) throws IOException {
        if (!Files.exists(file)) {
            return offset;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (offset > length) {
                offset = 0; // the journal was replaced by a shorter one: everything in it is new
            }
            in.seek(offset);
            while (true) {
                long before = in.getFilePointer();
                String raw = in.readLine();
                if (raw == null) {
                    return offset;
                }
                if (in.getFilePointer() == in.length() && !endsWithNewline(in)) {
                    in.seek(before);
                    return offset;
                }
                offset = in.getFilePointer();
                String line = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                if (!line.isBlank()) {
                    consumer.accept(line, offset);
                }
            }
        }
    }

    private static boolean endsWithNewline(RandomAccessFile in) throws IOException {
        long len = in.length();
        if (len == 0) {
            return true;
        }
        long pos = in.getFilePointer();
        in.seek(len - 1);
        int last = in.read();
        in.seek(pos);
        return last == '\n';
    }
}
