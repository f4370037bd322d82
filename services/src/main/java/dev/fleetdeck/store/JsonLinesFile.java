package dev.fleetdeck.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * A local journal of JSON objects, one per line, appended whole: what the startup journal, the
 * drain journal and the audit log have in common. A process killed after {@link #append} keeps the
 * line (it is in the kernel before append returns); a line torn by a crash of the machine is
 * skipped on reading, never fatal.
 */
public final class JsonLinesFile<T> implements AutoCloseable {
    private final Path file;
    private final ObjectMapper json;
    private final Class<T> type;
    private final String what;
    private final FileChannel channel;
    private final FileChannel reader;

    /** @param what what the file is, for messages ("startup journal") */
    public JsonLinesFile(Path file, ObjectMapper json, Class<T> type, String what) throws IOException {
        this.file = file;
        this.json = json;
        this.type = type;
        this.what = what;
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        this.channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        // Java opens no channel for both reading and appending: the last byte is read through a second one.
        this.reader = FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Appends one line.
     *
     * @param sync also force it to the disk, for state that must survive a crash of the machine
     */
    public void append(T value, boolean sync) throws IOException {
        appendLine(json.writeValueAsString(value), sync);
    }

    /**
     * Appends one line already in its JSON form (a codec's), in one write with its line end. A
     * write the disk cut short is taken back when nothing was appended after it, and a line that
     * follows a torn one (a full disk, a crash) starts on a line of its own: one torn write never
     * takes the next record with it.
     */
    public synchronized void appendLine(String jsonLine, boolean sync) throws IOException {
        byte[] bytes = (jsonLine + "\n").getBytes(StandardCharsets.UTF_8);
        long start = -1;
        long written = 0;
        try {
            start = channel.size();
            ByteBuffer buf = ByteBuffer.wrap(endsMidLine(start) ? withLeadingNewline(bytes) : bytes);
            while (buf.hasRemaining()) {
                written += channel.write(buf);
            }
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            takeBack(start, written);
            throw new IOException(
                    "could not append to the " + what + " " + file + ": " + e.getMessage()
                            + " (is the disk full or the file read-only?)",
                    e);
        }
    }

    /** Whether the file's last byte is not a line end: a write before was torn. */
    private boolean endsMidLine(long size) throws IOException {
        if (size <= 0) {
            return false;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        return reader.read(last, size - 1) == 1 && last.get(0) != '\n';
    }

    private static byte[] withLeadingNewline(byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        out[0] = '\n';
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }

    /** Removes the part of a line a failed write left, unless another process appended after it. */
    private void takeBack(long start, long written) {
        if (start < 0 || written == 0) {
            return;
        }
        try {
            if (channel.size() == start + written) {
                channel.truncate(start);
            }
        } catch (IOException ignored) {
            // left torn: the next append starts a line of its own, and readers skip the torn one
        }
    }

    /**
     * Every whole line, oldest first; torn and blank lines are passed over. Startup records are
     * read with {@code StartupRecordCodec}, which reports every line it skips; this stays for the
     * drain journal and the audit log, whose torn last line after a crash is expected.
     */
    public void forEach(Consumer<T> consumer) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                T value;
                try {
                    value = json.readValue(line, type);
                } catch (IOException torn) {
                    continue;
                }
                consumer.accept(value);
            }
        } catch (NoSuchFileException e) {
            // nothing written yet
        }
    }

    public Path path() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        reader.close();
        channel.close();
    }
}
