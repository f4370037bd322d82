package dev.fleetdeck.ui.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;

/**
 * The one place themes change. AtlantaFX gives the palette as CSS variables; our stylesheet only
 * uses those variables, so light, dark and the high-contrast presentation theme share it.
 */
public final class ThemeManager {
    public enum Theme {
        LIGHT,
        DARK
    }

    private static final String APP_CSS = "/dev/fleetdeck/css/fleetdeck.css";
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);

    public ThemeManager() {
        theme.addListener((obs, old, now) -> applyUserAgent(now));
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** Applies the current theme and keeps {@code scene} styled when it changes. */
    public void install(Scene scene) {
        applyUserAgent(theme.get());
        String css = ThemeManager.class.getResource(APP_CSS).toExternalForm();
        scene.getStylesheets().add(css);
    }

    private static void applyUserAgent(Theme t) {
        Application.setUserAgentStylesheet(
                t == Theme.DARK
                        ? new PrimerDark().getUserAgentStylesheet()
                        : new PrimerLight().getUserAgentStylesheet());
    }
}
