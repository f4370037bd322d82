package dev.fleetdeck.ui.theme;

import java.util.List;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;

/**
 * The colours the canvas charts draw with, from the theme's looked-up colours ({@code -fd-chart-*}
 * in fleetdeck.css): one palette for the timeline, the histogram and the sparklines, so light,
 * dark and presentation mode colour the charts as they colour the rest. The fallbacks are the
 * light theme's, for the moment before the first CSS pass.
 */
public final class ChartColors {
    public final ThemeColor text = new ThemeColor("-fd-chart-text", Color.web("#24292f"));
    public final ThemeColor grid = new ThemeColor("-fd-chart-grid", Color.web("#d0d7de"));
    public final ThemeColor quota = new ThemeColor("-fd-chart-quota", Color.web("#8250df"));
    public final ThemeColor placement = new ThemeColor("-fd-chart-placement", Color.web("#bf8700"));
    public final ThemeColor create = new ThemeColor("-fd-chart-create", Color.web("#0969da"));
    public final ThemeColor ready = new ThemeColor("-fd-chart-ready", Color.web("#1a7f37"));
    public final ThemeColor failed = new ThemeColor("-fd-chart-failed", Color.web("#cf222e"));
    public final ThemeColor staged = new ThemeColor("-fd-chart-staged", Color.web("#1b7c83"));

    private List<ThemeColor> all() {
        return List.of(text, grid, quota, placement, create, ready, failed, staged);
    }

    /** Puts the probes under {@code owner} and calls {@code redraw} whenever the theme changes a colour. */
    public void install(Pane owner, Runnable redraw) {
        for (ThemeColor c : all()) {
            owner.getChildren().add(c.probe());
            c.property().addListener((o, was, now) -> redraw.run());
        }
    }
}
