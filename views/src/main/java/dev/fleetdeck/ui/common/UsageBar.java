package dev.fleetdeck.ui.common;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/** A horizontal bar with its figure written on it; the level style class colours it. */
public final class UsageBar extends StackPane {
    private final Region fill = new Region();
    private final Label text = new Label();
    private double fraction;
    private String level;

    public UsageBar() {
        getStyleClass().add("usage-bar");
        fill.getStyleClass().add("usage-fill");
        fill.setManaged(false);
        text.getStyleClass().add("usage-text");
        StackPane.setAlignment(text, Pos.CENTER_LEFT);
        getChildren().addAll(fill, text);
        setMinHeight(18);
        setPrefWidth(160);
    }

    public void set(double percent, String label, String level) {
        fraction = Math.max(0, Math.min(1, percent / 100.0));
        text.setText(label);
        // Only a real change of level touches the style classes: any change to them makes the
        // next pulse re-apply CSS to the bar and its children, and every refresh updates every bar.
        if (!level.equals(this.level)) {
            getStyleClass().removeAll("ok", "warn", "critical");
            getStyleClass().add(level);
            this.level = level;
        }
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        double w = getWidth() - snappedLeftInset() - snappedRightInset();
        double h = getHeight() - snappedTopInset() - snappedBottomInset();
        fill.resizeRelocate(snappedLeftInset(), snappedTopInset(), (double) Math.round(w * fraction), h);
    }
}
