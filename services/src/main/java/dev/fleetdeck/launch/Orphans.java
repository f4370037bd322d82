package dev.fleetdeck.launch;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.SessionLabels;
import java.util.ArrayList;
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

    /**
     * Session containers created after {@code since} whose id has no startup record, on every
     * agent that answers. All containers count, not only running ones: a launch killed between
     * create and start leaves one that was never started.
     */
    public List<Session> find(FleetMonitor fleet, Instant since) throws IOException {
        Set<String> recorded = new HashSet<>();
        // Records a little older than the window too: a launch that began just before it.
        store.forEachSince(since.minus(Duration.ofHours(1)), (StartupRecord r) -> recorded.add(r.sessionId()));
        List<Session> orphans = new ArrayList<>();
        for (AgentMonitor m : fleet.agents()) {
            List<ContainerSummary> all;
            try {
                all = m.engine().uncached().listContainers(true);
            } catch (AgentEngine.EngineException e) {
                continue; // an agent that does not answer cannot be searched; its orphans wait
            }
            for (ContainerSummary c : all) {
                Session s = Session.fromContainer(m.name(), c, 0, 0);
                if (s != null && (s.created() == null || !s.created().isBefore(since)) && !recorded.contains(s.sessionId())
                        && !"true".equals(c.labels().get(SessionLabels.STAGED))) {
                    orphans.add(s);
                }
            }
        }
        return orphans;
    }
}
