package dev.fleetdeck.startup.digest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32C;

/**
 * What ties a digest to the journal it was made from: the file's identity (device and inode, so a
 * journal replaced by a rename is another file), how many bytes it covers, and a checksum of those
 * bytes' head, tail and evenly spaced pages between. A journal is only ever appended to, so a
 * prefix whose identity and samples match is the one the digest was made from; a truncated file is
 * shorter than the covered bytes, and one truncated and written again differs in its samples.
 *
 * @param fileKey the file system's key of the file ({@code (dev=…,ino=…)} on Linux)
 * @param bytes   the covered prefix's length, just after a line end
 * @param check   CRC32C of the sampled bytes of the prefix, and of its length
 */
public record JournalPrefix(String fileKey, long bytes, long check) {
    /** The head and the tail of the prefix are read whole, up to this much each. */
    static final int END_BYTES = 64 << 10;
    /** Pages read between head and tail: a hand edit inside the prefix is likely to touch one. */
    static final int SAMPLES = 64;

    static final int SAMPLE_BYTES = 4 << 10;

    /** The file's key, or null when its file system has none (then no digest is kept). */
    public static String fileKey(Path journal) throws IOException {
        Object key = Files.readAttributes(journal, BasicFileAttributes.class).fileKey();
        return key == null ? null : key.toString();
    }

    /** The prefix of {@code bytes} bytes of the journal as it is now. */
    public static JournalPrefix of(Path journal, String fileKey, long bytes) throws IOException {
        return new JournalPrefix(fileKey, bytes, check(journal, bytes));
    }

    /** Whether the journal as it is now starts with this prefix (same file, long enough, same samples). */
    public boolean matches(Path journal) throws IOException {
        String key = fileKey(journal);
        return key != null && key.equals(fileKey) && Files.size(journal) >= bytes && check(journal, bytes) == check;
    }

    static long check(Path journal, long bytes) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer len = ByteBuffer.allocate(Long.BYTES).putLong(0, bytes);
        crc.update(len);
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(END_BYTES);
            update(crc, ch, buf, 0, Math.min(END_BYTES, bytes));
            long middle = bytes - 2L * END_BYTES;
            if (middle > 0) {
                for (int i = 0; i < SAMPLES; i++) {
                    long at = END_BYTES + middle * i / SAMPLES;
                    update(crc, ch, buf, at, Math.min(SAMPLE_BYTES, bytes - END_BYTES - at));
                }
            }
            long tail = Math.max(0, bytes - END_BYTES);
            update(crc, ch, buf, tail, bytes - tail);
        }
        return crc.getValue();
    }

    /** Adds [at, at + n) of the file; a file shorter than that adds what it has (and so differs). */
    private static void update(CRC32C crc, FileChannel ch, ByteBuffer buf, long at, long n) throws IOException {
        buf.clear().limit((int) Math.max(0, n));
        long pos = at;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                break;
            }
            pos += r;
        }
        buf.flip();
        crc.update(buf);
    }
}
