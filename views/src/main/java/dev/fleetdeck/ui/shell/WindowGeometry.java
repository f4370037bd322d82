package dev.fleetdeck.ui.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Where the window goes and how large it is, from the screens that exist now.
 *
 * <p>A first run opens at {@link #PREFERRED_WIDTH}×{@link #PREFERRED_HEIGHT}, shrunk to the
 * primary screen's visual bounds (the screen less panels and docks) and centred there. A
 * remembered geometry is kept on the screen that holds most of it, shrunk to fit that screen and
 * moved inside it; one on a screen that no longer exists (a projector unplugged) opens on the
 * primary screen at the remembered size, as far as it fits.
 *
 * @param x left edge in screen coordinates
 * @param y top edge
 * @param width window width
 * @param height window height
 */
public record WindowGeometry(double x, double y, double width, double height) {
    public static final double PREFERRED_WIDTH = 1500;
    public static final double PREFERRED_HEIGHT = 900;
    /** The smallest the window makes itself; the views are laid out to work from 1280×720 screens. */
    public static final double MIN_WIDTH = 800;

    public static final double MIN_HEIGHT = 500;

    /**
     * @param screens the screens' visual bounds, the primary screen first
     * @param remembered the geometry saved by the last run, if any
     */
    public static WindowGeometry fit(List<Rectangle2D> screens, Optional<WindowGeometry> remembered) {
        if (screens.isEmpty()) {
            return remembered.orElse(new WindowGeometry(0, 0, PREFERRED_WIDTH, PREFERRED_HEIGHT));
        }
        Rectangle2D primary = screens.get(0);
        if (remembered.isEmpty()) {
            return centred(primary, PREFERRED_WIDTH, PREFERRED_HEIGHT);
        }
        WindowGeometry g = remembered.get();
        Optional<Rectangle2D> home = screens.stream()
                .filter(s -> g.overlap(s) > 0)
                .max((a, b) -> Double.compare(g.overlap(a), g.overlap(b)));
        if (home.isEmpty()) {
            return centred(primary, g.width, g.height);
        }
        Rectangle2D s = home.get();
        double w = clampSize(g.width, s.getWidth(), MIN_WIDTH);
        double h = clampSize(g.height, s.getHeight(), MIN_HEIGHT);
        double x = Math.min(Math.max(g.x, s.getMinX()), s.getMaxX() - w);
        double y = Math.min(Math.max(g.y, s.getMinY()), s.getMaxY() - h);
        return new WindowGeometry(x, y, w, h);
    }

    /** The visual bounds of the screens that exist now, the primary screen first. */
    public static List<Rectangle2D> screens() {
        List<Rectangle2D> screens = new ArrayList<>();
        Screen primary = Screen.getPrimary();
        screens.add(primary.getVisualBounds());
        for (Screen s : Screen.getScreens()) {
            if (!s.equals(primary)) {
                screens.add(s.getVisualBounds());
            }
        }
        return screens;
    }

    public void applyTo(Stage stage) {
        stage.setX(x);
        stage.setY(y);
        stage.setWidth(width);
        stage.setHeight(height);
    }

    private static WindowGeometry centred(Rectangle2D s, double width, double height) {
        double w = clampSize(width, s.getWidth(), MIN_WIDTH);
        double h = clampSize(height, s.getHeight(), MIN_HEIGHT);
        return new WindowGeometry(s.getMinX() + (s.getWidth() - w) / 2, s.getMinY() + (s.getHeight() - h) / 2, w, h);
    }

    /** Never larger than the screen, never smaller than the minimum unless the screen is. */
    private static double clampSize(double wanted, double available, double minimum) {
        return Math.min(available, Math.max(Math.min(minimum, available), wanted));
    }

    private double overlap(Rectangle2D s) {
        double w = Math.min(x + width, s.getMaxX()) - Math.max(x, s.getMinX());
        double h = Math.min(y + height, s.getMaxY()) - Math.max(y, s.getMinY());
        return w > 0 && h > 0 ? w * h : 0;
    }

    /** True when the window lies wholly inside {@code s}. */
    public boolean inside(Rectangle2D s) {
        return x >= s.getMinX() && y >= s.getMinY() && x + width <= s.getMaxX() && y + height <= s.getMaxY();
    }
}
