package dev.fleetdeck.ui.theme;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;

/**
 * One colour of the theme for what draws on a canvas, which CSS does not reach: a looked-up
 * colour such as {@code -fd-chart-create}, read through a hidden probe that CSS styles like any
 * node. Placed in the scene under the canvas's parent, the probe follows the theme (light, dark)
 * and presentation mode, and {@link #property()} changes with them, so the canvas redraws.
 */
public final class ThemeColor {
    private final Region probe = new Region();
    private final ReadOnlyObjectWrapper<Color> color;

    /**
     * @param variable a looked-up colour of the stylesheet, e.g. {@code -fd-chart-text}
     * @param fallback until the probe is styled (not yet in a scene)
     */
    public ThemeColor(String variable, Color fallback) {
        color = new ReadOnlyObjectWrapper<>(fallback);
        probe.setManaged(false);
        probe.setVisible(false);
        probe.setMouseTransparent(true);
        probe.getStyleClass().add("theme-color-probe");
        probe.setStyle("-fx-background-color: " + variable + ";");
        probe.backgroundProperty().addListener((o, was, now) -> read(now));
    }

    private void read(Background background) {
        if (background != null && !background.getFills().isEmpty()) {
            Paint fill = background.getFills().get(0).getFill();
            if (fill instanceof Color c) {
                color.set(c);
            }
        }
    }

    /** Add it to a parent in the scene where the colour is used; it takes no space and is never seen. */
    public Region probe() {
        return probe;
    }

    public Color get() {
        return color.get();
    }

    public ReadOnlyObjectProperty<Color> property() {
        return color.getReadOnlyProperty();
    }
}
