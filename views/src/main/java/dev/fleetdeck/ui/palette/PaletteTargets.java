package dev.fleetdeck.ui.palette;

import dev.fleetdeck.ui.shell.Page;

/**
 * Where the palette's choices lead. The console wires these to its pages and view-models, so the
 * palette needs to know neither.
 */
public interface PaletteTargets {
    void showPage(Page page);

    /** The Fleet page, filtered down to that agent. */
    void showAgent(String agent);

    /** The Sessions page, searched for that session id. */
    void showSession(String sessionId);
}
