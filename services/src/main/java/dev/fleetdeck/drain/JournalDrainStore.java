package dev.fleetdeck.drain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.store.JsonLinesFile;
import java.io.IOException;
import java.nio.file.Path;
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
    private final JsonLinesFile<DrainRecord> lines;

    public JournalDrainStore(Path file, ObjectMapper json) throws IOException {
        this.lines = new JsonLinesFile<>(file, json, DrainRecord.class, "drain journal");
    }

    @Override
    public void save(DrainRecord record) throws IOException {
        // Drain state must survive the machine too: a lost "stopped" mark would stop a session twice.
        lines.append(record, true);
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

    /** The latest line of each agent; a torn line leaves that agent's previous record standing. */
    private synchronized Map<String, DrainRecord> latest() throws IOException {
        Map<String, DrainRecord> latest = new LinkedHashMap<>();
        lines.forEach(rec -> latest.put(rec.agent(), rec));
        return latest;
    }

    @Override
    public String describe() {
        return "journal " + lines.path();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
