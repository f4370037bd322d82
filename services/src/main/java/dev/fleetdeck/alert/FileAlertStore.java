package dev.fleetdeck.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.store.LockedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/** The alert book in a file under the data folder, for the processes of this machine. */
public final class FileAlertStore implements AlertStore {
    private final LockedFile<AlertBook> file;

    public FileAlertStore(Path path, ObjectMapper json) throws IOException {
        this.file = new LockedFile<>(path, json, AlertBook.class, AlertBook::empty, "alert book");
    }

    @Override
    public AlertBook read() throws IOException {
        return file.read();
    }

    @Override
    public <R> R change(Function<AlertBook, LockedFile.Outcome<AlertBook, R>> change) throws IOException {
        return file.withLock(change);
    }

    @Override
    public String describe() {
        return "file " + file.path();
    }
}
