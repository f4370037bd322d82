package dev.fleetdeck.ui.shell;

import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * What the window remembers between runs: size and position, the last view, the theme, and each
 * table's column widths. Kept in {@link Preferences} (the user's own store, no file to manage);
 * the node is injected, so tests use one of their own.
 */
public final class UiPreferences {
    private final Preferences node;

    public UiPreferences(Preferences node) {
        this.node = node;
    }

    public void saveWindow(Stage stage) {
        if (stage.isFullScreen()) {
            return; // presentation mode is not the window's size
        }
        node.putBoolean("window.maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            node.putDouble("window.x", stage.getX());
            node.putDouble("window.y", stage.getY());
            node.putDouble("window.width", stage.getWidth());
            node.putDouble("window.height", stage.getHeight());
        }
    }

    /** The geometry the last run saved, if any. */
    public Optional<WindowGeometry> rememberedWindow() {
        double w = node.getDouble("window.width", -1);
        double h = node.getDouble("window.height", -1);
        if (w <= 0 || h <= 0) {
            return Optional.empty();
        }
        return Optional.of(new WindowGeometry(node.getDouble("window.x", 0), node.getDouble("window.y", 0), w, h));
    }

    /**
     * Sizes and places the window on the screens that exist now (see {@link WindowGeometry}):
     * the remembered geometry, clamped to a screen that still exists, or a first run's.
     */
    public void restoreWindow(Stage stage) {
        WindowGeometry.fit(WindowGeometry.screens(), rememberedWindow()).applyTo(stage);
        stage.setMaximized(node.getBoolean("window.maximized", false));
    }

    public String get(String key, String fallback) {
        return node.get(key, fallback);
    }

    public void put(String key, String value) {
        if (value == null) {
            node.remove(key);
        } else {
            node.put(key, value);
        }
    }

    /** Saves the widths of every column of every table with an id under {@code root}. */
    public void saveColumns(Node root) {
        for (Node n : root.lookupAll(".table-view")) {
            if (n instanceof TableView<?> table && table.getId() != null) {
                for (TableColumn<?, ?> c : table.getColumns()) {
                    node.putDouble("columns." + table.getId() + "." + c.getText(), c.getWidth());
                }
            }
        }
    }

    /** Restores the widths saved for {@code table}, by column title. */
    public void restoreColumns(TableView<?> table) {
        if (table.getId() == null) {
            return;
        }
        for (TableColumn<?, ?> c : table.getColumns()) {
            double w = node.getDouble("columns." + table.getId() + "." + c.getText(), -1);
            if (w > 10) {
                c.setPrefWidth(w);
            }
        }
    }

    public void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // preferences are a convenience: a read-only home must not stop the console closing
        }
    }
}
