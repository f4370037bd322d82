package dev.fleetdeck.ui.shell;

import javafx.scene.Node;
import org.kordamp.ikonli.Ikon;

/**
 * A page whose view is built the first time the window shows it, so pages nobody opens cost
 * nothing at start-up.
 */
public abstract class LazyPage implements Page {
    private final String title;
    private final Ikon icon;
    private Node view;

    protected LazyPage(String title, Ikon icon) {
        this.title = title;
        this.icon = icon;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final Ikon icon() {
        return icon;
    }

    @Override
    public final Node view() {
        if (view == null) {
            view = build();
        }
        return view;
    }

    /** The page's view; called once, on the FX thread. */
    protected abstract Node build();
}
