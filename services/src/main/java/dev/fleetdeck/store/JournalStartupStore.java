package dev.fleetdeck.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.startup.StartupRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/** Startup records as JSON lines in a local file (see {@link JsonLinesFile}). */
public final class JournalStartupStore implements StartupStore {
    private final JsonLinesFile<StartupRecord> lines;

    public JournalStartupStore(Path file, ObjectMapper json) throws IOException {
        this.lines = new JsonLinesFile<>(file, json, StartupRecord.class, "startup journal");
    }

    @Override
    public void append(StartupRecord record) throws IOException {
        lines.append(record, false);
    }

    @Override
    public void forEachSince(Instant since, Consumer<StartupRecord> consumer) throws IOException {
        lines.forEach(rec -> {
            if (rec.performance() != null && rec.performance().provisioningStartedAt() != null
                    && !rec.performance().provisioningStartedAt().isBefore(since)) {
                consumer.accept(rec);
            }
        });
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
