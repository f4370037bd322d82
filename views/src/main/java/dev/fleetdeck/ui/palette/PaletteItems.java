package dev.fleetdeck.ui.palette;

import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.ui.shell.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the palette offers: every page, then every agent and session of one fleet snapshot, the
 * snapshot the monitor already holds — building them never calls an engine.
 */
public final class PaletteItems {
    private PaletteItems() {}

    public static List<PaletteItem> of(List<Page> pages, FleetSnapshot fleet, PaletteTargets targets) {
        List<PaletteItem> items = new ArrayList<>();
        for (Page p : pages) {
            items.add(new PaletteItem("page", "Go to " + p.title(), () -> targets.showPage(p)));
        }
        for (AgentSnapshot a : fleet.agents()) {
            items.add(new PaletteItem(
                    "agent",
                    "Agent " + a.name() + " · " + a.zone() + " · " + a.state().label(),
                    () -> targets.showAgent(a.name())));
        }
        fleet.sessions()
                .forEach((Session s) -> items.add(new PaletteItem(
                        "session",
                        "Session " + s.sessionId() + " · " + s.user() + " · " + s.workspaceType() + " on " + s.agent(),
                        () -> targets.showSession(s.sessionId()))));
        return items;
    }

    /**
     * The items whose label contains every word of the query, ignoring case, in their order (pages
     * first), at most {@code limit}: a fleet of thousands of sessions still gives a short list.
     */
    public static List<PaletteItem> matching(List<PaletteItem> items, String query, int limit) {
        String[] words = query == null
                ? new String[0]
                : query.trim().toLowerCase(Locale.ROOT).split("\\s+");
        List<PaletteItem> out = new ArrayList<>();
        for (PaletteItem item : items) {
            String label = item.label().toLowerCase(Locale.ROOT);
            boolean all = true;
            for (String w : words) {
                if (!w.isEmpty() && !label.contains(w)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                out.add(item);
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }
}
