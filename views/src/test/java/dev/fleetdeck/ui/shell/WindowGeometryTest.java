package dev.fleetdeck.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

class WindowGeometryTest {
    // A 1366×768 laptop with a 32 px panel at the top.
    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 32, 1366, 736);
    private static final Rectangle2D MONITOR = new Rectangle2D(1366, 0, 1920, 1080);

    @Test
    void aFirstRunOnASmallScreenFitsItsVisualBounds() {
        WindowGeometry g = WindowGeometry.fit(List.of(LAPTOP), Optional.empty());
        assertThat(g.inside(LAPTOP)).isTrue();
        assertThat(g.width()).isEqualTo(1366);
        assertThat(g.height()).isEqualTo(736);
    }

    @Test
    void aFirstRunOnALargeScreenOpensAtThePreferredSizeCentred() {
        WindowGeometry g = WindowGeometry.fit(List.of(new Rectangle2D(0, 0, 1920, 1080)), Optional.empty());
        assertThat(g).isEqualTo(new WindowGeometry(210, 90, 1500, 900));
    }

    @Test
    void aRememberedGeometryOnAScreenThatNoLongerExistsOpensOnThePrimaryScreen() {
        // Saved on the monitor right of the laptop, which is unplugged now.
        WindowGeometry saved = new WindowGeometry(1500, 100, 1700, 950);
        WindowGeometry g = WindowGeometry.fit(List.of(LAPTOP), Optional.of(saved));
        assertThat(g.inside(LAPTOP)).isTrue();
        assertThat(g.width()).isEqualTo(1366);
    }

    @Test
    void aRememberedGeometryStaysOnTheScreenHoldingMostOfItAndIsPulledInside() {
        WindowGeometry saved = new WindowGeometry(1300, -40, 1200, 800);
        WindowGeometry g = WindowGeometry.fit(List.of(LAPTOP, MONITOR), Optional.of(saved));
        assertThat(g).isEqualTo(new WindowGeometry(1366, 0, 1200, 800));
    }

    @Test
    void aRememberedGeometryThatFitsIsKeptAsItWas() {
        WindowGeometry saved = new WindowGeometry(100, 100, 1000, 600);
        assertThat(WindowGeometry.fit(List.of(LAPTOP), Optional.of(saved))).isEqualTo(saved);
    }
}
