package dev.fleetdeck.shared;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.fleet.AdminStore;
import dev.fleetdeck.launch.CapacityLedger;
import dev.fleetdeck.launch.Reservation;
import dev.fleetdeck.launch.ReservationBook;
import dev.fleetdeck.launch.ReservationRequest;
import dev.fleetdeck.store.LockedFile;
import dev.fleetdeck.store.ProcessOwner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The embedded default's admin states and reservations: one {@link LockedFile} under the data
 * folder, shared by every console and command of this machine. Readers poll its modification
 * time and file identity (a stat), so reloading costs nothing until another process wrote.
 */
public final class FileSharedState implements AdminStore, CapacityLedger {
    private final LockedFile<SharedDocument> file;
    private final LongSupplier millis;

    public FileSharedState(Path path, ObjectMapper json, LongSupplier millis) throws IOException {
        this.file = new LockedFile<>(path, json, SharedDocument.class, () -> SharedDocument.EMPTY, "fleet state");
        this.millis = millis;
    }

    @Override
    public Map<String, AdminEntry> loadAdmin() throws IOException {
        return file.read().admin();
    }

    @Override
    public void putAdmin(AdminEntry entry) throws IOException {
        file.update(d -> d.withAdmin(entry.agent(), entry));
    }

    @Override
    public void removeAdmin(String agent) throws IOException {
        file.update(d -> d.admin().containsKey(agent) ? d.withAdmin(agent, null) : d);
    }

    /** Every write renames a new file into place: its identity changes even within one timestamp tick. */
    @Override
    public long changeMark() {
        try {
            BasicFileAttributes a = Files.readAttributes(file.path(), BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() * 31 + Objects.hashCode(a.fileKey());
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public Grant reserve(ReservationRequest request) throws IOException {
        return file.withLock(d -> {
            ReservationBook.Change c = d.reservations()
                    .reserve(request, d.admin().get(request.agent()), millis.getAsLong(), ProcessOwner::alive);
            return new LockedFile.Outcome<>(d.withReservations(c.book()), c.grant());
        });
    }

    @Override
    public void placed(Reservation r, long keepMillis) throws IOException {
        file.update(d -> d.withReservations(d.reservations().placed(r.id(), millis.getAsLong() + keepMillis)));
    }

    @Override
    public void release(Reservation r) throws IOException {
        file.update(d -> d.withReservations(d.reservations().without(r.id())));
    }

    @Override
    public List<Reservation> held() throws IOException {
        return List.copyOf(file.read()
                .reservations()
                .live(millis.getAsLong(), ProcessOwner::alive)
                .values());
    }

    @Override
    public String describe() {
        return file.path().toString();
    }
}
