package dev.fleetdeck.drain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.store.JsonLinesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The audit log as JSON lines in a local file, one whole line per append. */
public final class JournalAuditLog implements AuditLog {
    private final JsonLinesFile<AuditEntry> lines;

    public JournalAuditLog(Path file, ObjectMapper json) throws IOException {
        this.lines = new JsonLinesFile<>(file, json, AuditEntry.class, "audit journal");
    }

    @Override
    public void append(AuditEntry entry) throws IOException {
        lines.append(entry, false);
    }

    @Override
    public List<AuditEntry> since(Instant since, int limit) throws IOException {
        Deque<AuditEntry> newest = new ArrayDeque<>();
        lines.forEach(e -> {
            if (!e.time().isBefore(since)) {
                newest.addLast(e);
                if (newest.size() > limit) {
                    newest.removeFirst();
                }
            }
        });
        return new ArrayList<>(newest);
    }

    @Override
    public String describe() {
        return "audit journal " + lines.path();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
