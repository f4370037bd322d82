package dev.fleetdeck.launch;

import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.StartupStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Session containers no launch record speaks for: what a console killed between creating a
 * container and storing its record leaves behind. The launcher stores a record for every launch
 * that created something (ready or failed), so a session container without one is a half-done
 * launch. With a shared Redis store, every console's launches count; with a local journal only
 * this machine's do, so sessions launched by another console show here too (the list says so).
 */
public final class Orphans {
    private final StartupStore store;

    public Orphans(StartupStore store) {
        this.store = store;
    }

    /** Sessions in {@code fleet} created after {@code since} whose id has no startup record. */
    public List<Session> find(FleetSnapshot fleet, Instant since) throws IOException {
        Set<String> recorded = new HashSet<>();
        // Records a little older than the window too: a launch that began just before it.
        store.forEachSince(since.minus(Duration.ofHours(1)), (StartupRecord r) -> recorded.add(r.sessionId()));
        return fleet.sessions()
                .filter(s -> s.created() == null || !s.created().isBefore(since))
                .filter(s -> !recorded.contains(s.sessionId()))
                .toList();
    }
}
