package dev.fleetdeck.ui.shell;

import javafx.scene.Node;
import org.kordamp.ikonli.Ikon;

/** One view of the main window, reached from the sidebar. */
public interface Page {
    String title();

    Ikon icon();

    /** Built once, on the FX thread. */
    Node view();
}
