package dev.fleetdeck.ui.palette;

/**
 * One line of the command palette: what it shows, and what choosing it does (on the FX thread).
 *
 * @param kind "page", "agent" or "session": a style class, so the three read apart at a glance
 */
public record PaletteItem(String kind, String label, Runnable action) {
    @Override
    public String toString() {
        return label;
    }
}
