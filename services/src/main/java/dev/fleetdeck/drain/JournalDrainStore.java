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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drain records as JSON lines, appended whole; the latest line of an agent wins. Appending never
 * rewrites what a killed console had already written, and a torn last line is skipped. Drains
 * are rare (a few lines per session ended), so reading the whole file is cheap.
 */
public final class JournalDrainStore implements DrainStore {
    private final Path file;
    private final ObjectMapper json;
    private final FileChannel channel;

    public JournalDrainStore(Path file, ObjectMapper json) throws IOException {
        this.file = file;
        this.json = json;
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void save(DrainRecord record) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            // Drain state must survive the machine too: a lost "stopped" mark would stop a session twice.
            channel.force(false);
        } catch (IOException e) {
            throw new IOException("could not append to the drain journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<DrainRecord> load(String agent) throws IOException {
        return Optional.ofNullable(latest().get(agent));
    }

    @Override
    public List<DrainRecord> all() throws IOException {
        List<DrainRecord> list = new ArrayList<>();
        for (DrainRecord r : latest().values()) {
            if (r.phase() != DrainPhase.ENABLED) {
                list.add(r);
            }
        }
        return list;
    }

    private synchronized Map<String, DrainRecord> latest() throws IOException {
        Map<String, DrainRecord> latest = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    DrainRecord rec = json.readValue(line, DrainRecord.class);
                    latest.put(rec.agent(), rec);
                } catch (IOException torn) {
                    // a line cut by a crash: the previous record of that agent stands
                }
            }
        } catch (NoSuchFileException e) {
            // nothing drained yet
        }
        return latest;
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
