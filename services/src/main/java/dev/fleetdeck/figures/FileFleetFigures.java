package dev.fleetdeck.figures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.store.FileReplace;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The embedded default's last reading: a file under the data folder, replaced whole by a rename,
 * so a reader sees the last reading or the one before, never half of one. Not synced to disk:
 * after a crash the figures are stale anyway, and a file that cannot be read is read as none.
 * The turn is the file's age: a process publishes only when nobody did for most of an interval.
 */
public final class FileFleetFigures implements FleetFigures {
    private final Path file;
    private final ObjectMapper json;
    private final Clock clock;

    public FileFleetFigures(Path file, ObjectMapper json, Clock clock) {
        this.file = file;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public boolean publish(String publisher, Duration every, Supplier<PublishedFleet> reading) throws IOException {
        Instant now = clock.instant();
        try {
            long age = now.toEpochMilli() - Files.getLastModifiedTime(file).toMillis();
            if (age >= 0 && age < FleetFigures.turn(every).toMillis()) {
                return false;
            }
        } catch (NoSuchFileException e) {
            // nobody published yet
        }
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            json.writeValue(tmp.toFile(), reading.get());
            FileReplace.replace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    @Override
    public Optional<PublishedFleet> latest() throws IOException {
        PublishedFleet figures;
        try {
            figures = json.readValue(file.toFile(), PublishedFleet.class);
        } catch (NoSuchFileException | FileNotFoundException e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not a fleet reading (delete it: the next console writes it again)", e);
        }
        return figures.freshAt(clock.instant()) ? Optional.of(figures) : Optional.empty();
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
