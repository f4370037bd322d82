package dev.fleetdeck.launch;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.StartupStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, StartupRecord> recorded = new HashMap<>();
        // Records a little older than the window too: a launch that began just before it.
        store.forEachSince(since.minus(Duration.ofHours(1)), (StartupRecord r) -> recorded.put(r.sessionId(), r));
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
                if (s != null
                        && (s.created() == null || !s.created().isBefore(since))
                        && disowned(c, recorded.get(s.sessionId()))) {
                    orphans.add(s);
                }
            }
        }
        return orphans;
    }

    /**
     * No record speaks for the container: none for its session, or the session's launch failed, or
     * its record names another container (a create that got no answer on one agent may have made
     * one there while the launch went on to the next). A staged session nobody claimed has no
     * record yet; once claimed, its record names it.
     */
    private static boolean disowned(ContainerSummary c, StartupRecord r) {
        if (r == null) {
            return !"true".equals(c.labels().get(SessionLabels.STAGED));
        }
        return !r.ready() || (r.containerId() != null && !r.containerId().equals(c.id()));
    }
}
