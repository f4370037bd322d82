package dev.fleetdeck.ui.common;

import javafx.scene.control.Label;

/** A label that wraps to its container's width instead of cutting its text, for cards of prose. */
public final class WrappingLabel {
    private WrappingLabel() {}

    public static Label of(String styleClass) {
        Label l = new Label();
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.getStyleClass().add(styleClass);
        return l;
    }
}
