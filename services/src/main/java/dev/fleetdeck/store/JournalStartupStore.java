package dev.fleetdeck.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.startup.StartupRecord;
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
import java.util.function.Consumer;

/**
 * Startup records as JSON lines in a local file, appended one whole line per write. A process
 * killed mid-run loses nothing it had appended (the write is in the kernel before append
 * returns); a line torn by a crash of the machine is skipped on reading, never fatal.
 */
public final class JournalStartupStore implements StartupStore {
    private final Path file;
    private final ObjectMapper json;
    private final FileChannel channel;

    public JournalStartupStore(Path file, ObjectMapper json) throws IOException {
        this.file = file;
        this.json = json;
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void append(StartupRecord record) throws IOException {
        byte[] line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new IOException("could not append to the startup journal " + file + ": " + e.getMessage()
                    + " (is the disk full or the file read-only?)", e);
        }
    }

    @Override
    public void forEachSince(Instant since, Consumer<StartupRecord> consumer) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                StartupRecord rec;
                try {
                    rec = json.readValue(line, StartupRecord.class);
                } catch (IOException torn) {
                    continue;
                }
                if (rec.performance() != null && rec.performance().provisioningStartedAt() != null
                        && !rec.performance().provisioningStartedAt().isBefore(since)) {
                    consumer.accept(rec);
                }
            }
        } catch (NoSuchFileException e) {
            // nothing recorded yet
        }
    }

    @Override
    public String describe() {
        return "journal " + file;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
