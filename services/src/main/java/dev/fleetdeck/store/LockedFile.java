package dev.fleetdeck.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One small JSON document shared by every process of this machine (the embedded default's shared
 * state: admin states, reservations, pool claims). Changes run under an exclusive OS lock on a
 * sidecar {@code .lock} file and replace the document atomically (write a temporary file, fsync,
 * rename), so two processes never lose each other's update and a reader never sees half a write.
 * A process that dies while holding the lock loses it with its file descriptors.
 *
 * @param <T> the document's type, e.g. a record holding a map
 */
public final class LockedFile<T> {
    /**
     * The OS lock belongs to the process, not the thread: a second lock of the same file from
     * this JVM throws instead of waiting. So threads (and several instances on one path, as in
     * tests) queue on one in-JVM lock per path first. Process-wide on purpose, like the OS lock.
     */
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final ObjectMapper json;
    private final JavaType type;
    private final Supplier<T> empty;
    private final String what;

    /**
     * @param what  what the document is, for messages ("admin state")
     * @param empty the document when the file does not exist yet
     */
    public LockedFile(Path file, ObjectMapper json, JavaType type, Supplier<T> empty, String what) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.json = json;
        this.type = type;
        this.empty = empty;
        this.what = what;
        Files.createDirectories(this.file.getParent());
    }

    public LockedFile(Path file, ObjectMapper json, Class<T> type, Supplier<T> empty, String what) throws IOException {
        this(file, json, json.constructType(type), empty, what);
    }

    /** The document as last written; no lock needed, since every write replaces the file whole. */
    public T read() throws IOException {
        if (!Files.exists(file)) {
            return empty.get();
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) {
            return empty.get();
        }
        try {
            return json.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new IOException(
                    what + " in " + file + " is not readable JSON (" + e.getOriginalMessage()
                            + ") — move it aside; Fleetdeck starts a new one",
                    e);
        }
    }

    /**
     * Reads the document, applies {@code change} and writes what it returns, all under the lock.
     * {@code change} returning the same instance writes nothing.
     */
    public T update(Function<T, T> change) throws IOException {
        return withLock(current -> {
            T next = change.apply(current);
            return new Outcome<>(next, next);
        });
    }

    /**
     * Like {@link #update} but returns a result of its own (e.g. "granted" or "refused by X"):
     * {@code change} gives the new document and the result.
     */
    public <R> R withLock(Function<T, Outcome<T, R>> change) throws IOException {
        ReentrantLock local = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            T current = read();
            Outcome<T, R> outcome = change.apply(current);
            if (outcome.document() != current) {
                write(outcome.document());
            }
            return outcome.result();
        } finally {
            local.unlock();
        }
    }

    private void write(T document) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(json.writeValueAsBytes(document)));
            out.force(true); // the rename below must not publish a file whose bytes are not on disk
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** When the document last changed (ms), for cheap polling by other processes. */
    public long lastModified() {
        try {
            return Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    public Path path() {
        return file;
    }

    /** What {@link #withLock} writes and returns. */
    public record Outcome<T, R>(T document, R result) {}
}
