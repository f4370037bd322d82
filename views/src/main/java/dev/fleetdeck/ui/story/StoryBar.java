package dev.fleetdeck.ui.story;

import dev.fleetdeck.story.StoryPlayer;
import dev.fleetdeck.story.StoryState;
import dev.fleetdeck.ui.common.FxLatest;
import dev.fleetdeck.ui.shell.MainWindow;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The demo story's caption bar: the step's caption in large type for the room, where the story
 * is (step, clock, paused) and its keys. Space pauses or plays, → (or N) goes to the next step,
 * R plays it again from the start; typing in a text field keeps its keys. Each step shows its page.
 */
public final class StoryBar {
    private static final PseudoClass PAUSED = PseudoClass.getPseudoClass("paused");
    private static final Set<KeyCode> STORY_KEYS = EnumSet.of(KeyCode.SPACE, KeyCode.RIGHT, KeyCode.N, KeyCode.R);

    private final StoryPlayer player;
    private final MainWindow window;
    private final Label caption = new Label();
    private final Label position = new Label();
    private final Label keys = new Label("Space pause · → next · R restart");
    private final HBox bar;
    private final Consumer<StoryState> listener;
    private final Set<KeyCode> held = EnumSet.noneOf(KeyCode.class);
    private int shownStep = -1;

    public StoryBar(StoryPlayer player, MainWindow window) {
        this.player = player;
        this.window = window;
        caption.setId("story-caption");
        caption.getStyleClass().add("story-caption");
        caption.setWrapText(true);
        caption.setMaxWidth(Double.MAX_VALUE);
        position.setId("story-position");
        position.getStyleClass().add("story-position");
        position.setMinWidth(Region.USE_PREF_SIZE);
        keys.getStyleClass().addAll("story-keys", "muted");
        keys.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(caption, Priority.ALWAYS);
        bar = new HBox(16, position, caption, keys);
        bar.setId("story-bar");
        bar.getStyleClass().add("story-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        listener = new FxLatest<>(this::show);
    }

    public Node view() {
        return bar;
    }

    /** Follows the player and takes its keys on {@code scene}. */
    public void attach(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> held.remove(e.getCode()));
        player.addListener(listener);
        show(player.state());
    }

    public void detach() {
        player.removeListener(listener);
    }

    private void key(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown() || e.getTarget() instanceof TextInputControl) {
            return;
        }
        // A key held down repeats its press: one step per press, not a run through the story.
        boolean repeat = !held.add(e.getCode());
        if (repeat && STORY_KEYS.contains(e.getCode())) {
            e.consume();
            return;
        }
        if (e.getCode() == KeyCode.SPACE) {
            player.togglePause();
        } else if (e.getCode() == KeyCode.RIGHT || e.getCode() == KeyCode.N) {
            player.next();
        } else if (e.getCode() == KeyCode.R) {
            player.restart();
        } else {
            return;
        }
        e.consume();
    }

    private void show(StoryState s) {
        caption.setText(s.step() < 0 ? "The story begins…" : s.caption());
        position.setText(positionText(s));
        bar.pseudoClassStateChanged(PAUSED, s.paused());
        if (s.step() != shownStep && s.step() >= 0) {
            shownStep = s.step();
            window.page(s.page()).ifPresent(window::show);
        }
    }

    static String positionText(StoryState s) {
        return String.format(
                Locale.ROOT,
                "%d/%d · %s / %s%s",
                Math.max(1, s.step() + 1),
                s.steps(),
                clock(s.elapsed()),
                clock(s.length()),
                s.paused() ? " · paused" : "");
    }

    private static String clock(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
