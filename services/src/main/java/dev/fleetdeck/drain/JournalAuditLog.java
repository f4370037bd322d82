package dev.fleetdeck.drain;

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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The audit log as JSON lines in a local file, one whole line per append. */
public final class JournalAuditLog implements AuditLog {
    private final Path file;
    private final ObjectMapper json;
    private final FileChannel channel;

    public JournalAuditLog(Path file, ObjectMapper json) throws IOException {
        this.file = file;
        this.json = json;
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void append(AuditEntry entry) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    @Override
    public List<AuditEntry> since(Instant since, int limit) throws IOException {
        Deque<AuditEntry> newest = new ArrayDeque<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                AuditEntry e;
                try {
                    e = line.isBlank() ? null : json.readValue(line, AuditEntry.class);
                } catch (IOException torn) {
                    continue;
                }
                if (e != null && !e.time().isBefore(since)) {
                    newest.addLast(e);
                    if (newest.size() > limit) {
                        newest.removeFirst();
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // nothing audited yet
        }
        return new ArrayList<>(newest);
    }

    @Override
    public String describe() {
        return "audit journal " + file;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
