package dev.fleetdeck.drain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Leases as OS file locks under the data directory, for consoles on one machine without Redis:
 * the OS drops the lock when the process dies, which is the expiry; the TTL is not needed. The
 * lock file holds the owner and since when, so a refused console is told who drains. Use one instance per
 * process and directory: the JVM shares file locks between its channels.
 */
public final class FileLease implements Lease {
    private final Path dir;
    private final Map<String, Held> held = new HashMap<>();

    private record Held(String owner, Instant since, FileChannel channel, FileLock lock) {}

    public FileLease(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    private Path file(String agent) {
        return dir.resolve(agent.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock");
    }

    @Override
    public synchronized Grant acquire(String agent, String owner, Duration ttl) {
        Held h = held.get(agent);
        if (h != null) {
            return h.owner().equals(owner) ? Grant.to(owner) : Grant.refusedBy(h.owner());
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    file(agent), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String other = read(channel).owner();
                channel.close();
                return Grant.refusedBy(other);
            }
            Instant since = Instant.now();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((owner + "\n" + since + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            held.put(agent, new Held(owner, since, channel, lock));
            return Grant.to(owner);
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            return Grant.refusedBy("unknown (cannot lock " + file(agent) + ": " + e.getMessage() + ")");
        }
    }

    @Override
    public synchronized Renewal renew(String agent, String owner, Duration ttl) {
        Held h = held.get(agent);
        return h != null && h.owner().equals(owner) && h.lock().isValid() ? Renewal.HELD : Renewal.LOST;
    }

    @Override
    public synchronized void release(String agent, String owner) {
        Held h = held.get(agent);
        if (h == null || !h.owner().equals(owner)) {
            return;
        }
        held.remove(agent);
        try {
            h.channel().truncate(0);
            h.lock().release();
        } catch (IOException ignored) {
            // closing the channel below drops the lock either way
        }
        closeQuietly(h.channel());
    }

    @Override
    public synchronized Optional<Holder> holding(String agent) {
        Held h = held.get(agent);
        if (h != null) {
            return Optional.of(new Holder(h.owner(), h.since()));
        }
        try (FileChannel channel = FileChannel.open(
                file(agent), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
            return Optional.of(read(channel));
        } catch (IOException | OverlappingFileLockException e) {
            return Optional.empty();
        }
    }

    /** The holder the lock file names: its first line the owner, its second since when. */
    private static Holder read(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(512);
        int n = channel.read(buf, 0);
        String[] lines = (n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8))
                .strip()
                .split("\n", -1);
        String owner = lines[0].strip().isEmpty() ? "another console on this machine" : lines[0].strip();
        Instant since = null;
        if (lines.length > 1) {
            try {
                since = Instant.parse(lines[1].strip());
            } catch (DateTimeParseException e) {
                // a lock file written by an older console: the owner alone
            }
        }
        return new Holder(owner, since);
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    @Override
    public String describe() {
        return "file locks in " + dir;
    }
}
