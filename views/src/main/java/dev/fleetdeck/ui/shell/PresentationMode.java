package dev.fleetdeck.ui.shell;

import java.time.Duration;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

/**
 * For showing the console to a room: full screen, larger type, high contrast, and optionally a
 * tour that moves to the next view every few seconds. Escape (or F11) leaves it.
 */
public final class PresentationMode {
    static final String STYLE_CLASS = "presentation";

    private final Stage stage;
    private final MainWindow window;
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(false);
    private Timeline tour;

    public PresentationMode(Stage stage, MainWindow window) {
        this.stage = stage;
        this.window = window;
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        stage.fullScreenProperty().addListener((o, was, full) -> {
            if (!full && active.get()) {
                leave();
            }
        });
    }

    /** Installs F11 (toggle) and Escape (leave) on the scene. */
    public void installKeys(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F11) {
                toggle(Duration.ZERO);
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && active.get()) {
                leave();
                e.consume();
            }
        });
    }

    public void toggle(Duration tourEvery) {
        if (active.get()) {
            leave();
        } else {
            enter(tourEvery);
        }
    }

    /** @param tourEvery how long each view shows in the tour; zero = no tour */
    public void enter(Duration tourEvery) {
        if (active.get()) {
            return;
        }
        active.set(true);
        stage.getScene().getRoot().getStyleClass().add(STYLE_CLASS);
        stage.setFullScreenExitHint("");
        stage.setFullScreen(true);
        if (!tourEvery.isZero() && !tourEvery.isNegative()) {
            tour = new Timeline(new KeyFrame(javafx.util.Duration.millis((double) tourEvery.toMillis()), e -> next()));
            tour.setCycleCount(Timeline.INDEFINITE);
            tour.play();
        }
    }

    public void leave() {
        if (!active.get()) {
            return;
        }
        active.set(false);
        if (tour != null) {
            tour.stop();
            tour = null;
        }
        stage.getScene().getRoot().getStyleClass().remove(STYLE_CLASS);
        stage.setFullScreen(false);
    }

    private void next() {
        int i = window.pages().indexOf(window.current());
        window.show(window.pages().get((i + 1) % window.pages().size()));
    }

    public boolean touring() {
        return tour != null;
    }

    public ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }
}
