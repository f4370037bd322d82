package dev.fleetdeck.ui.shell;

import dev.fleetdeck.progress.ProgressBoard;
import dev.fleetdeck.progress.ProgressSnapshot;
import dev.fleetdeck.progress.ProgressText;
import dev.fleetdeck.ui.common.FxLatest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;

/**
 * The window's background-task list, as JabRef keeps one: a status-bar button with how many
 * pieces of long work run (image copies, pre-pull rounds, bulk launches), and a list of them with
 * a title, a progress bar, done/total with rate and time left, and Cancel. Fed by the console's
 * {@link ProgressBoard} — the model a command's progress line reads too.
 */
public final class TaskList {
    private final ProgressBoard board;
    private final Button button = new Button();
    private final VBox rows = new VBox(8);
    private final Popup popup = new Popup();
    private final Consumer<List<ProgressSnapshot>> listener;
    private final Map<Long, Row> byId = new HashMap<>();
    private final Label none = new Label("No long work running.");
    private List<ProgressSnapshot> shown = List.of();

    public TaskList(ProgressBoard board) {
        this.board = board;
        button.setId("task-list-button");
        button.getStyleClass().addAll("flat", "task-list-button");
        button.setMinWidth(Region.USE_PREF_SIZE);
        rows.setId("task-list");
        rows.getStyleClass().add("task-list");
        rows.setPadding(new Insets(10));
        rows.setPrefWidth(460);
        popup.getContent().add(rows);
        popup.setAutoHide(true);
        button.setOnAction(e -> toggle());
        none.getStyleClass().add("muted");
        listener = new FxLatest<>(this::show);
        show(List.of());
    }

    public Button button() {
        return button;
    }

    /** The list itself (shown in the popup). */
    public VBox rows() {
        return rows;
    }

    public void attach() {
        board.addListener(listener);
    }

    public void detach() {
        board.removeListener(listener);
    }

    private void toggle() {
        if (popup.isShowing()) {
            popup.hide();
            return;
        }
        Bounds at = button.localToScreen(button.getBoundsInLocal());
        // Above the button, its foot clear of the status bar.
        popup.show(button, at.getMinX(), at.getMinY() - 24 - Math.max(60, rows.prefHeight(rows.getPrefWidth())));
    }

    // Rows stay while their work runs and only their figures change, so Cancel is never pulled
    // from under the pointer by an update.
    private void show(List<ProgressSnapshot> tasks) {
        shown = tasks;
        button.setText(tasks.isEmpty() ? "Tasks: none" : "Tasks: " + tasks.size() + " running");
        Set<Long> now = new HashSet<>();
        for (ProgressSnapshot s : tasks) {
            now.add(s.id());
            byId.computeIfAbsent(s.id(), id -> new Row(id)).show(s);
        }
        byId.keySet().removeIf(id -> !now.contains(id));
        List<VBox> ordered = new ArrayList<>();
        tasks.forEach(s -> ordered.add(byId.get(s.id()).box));
        if (ordered.isEmpty()) {
            rows.getChildren().setAll(none);
        } else {
            rows.getChildren().setAll(ordered);
        }
    }

    private final class Row {
        final Label title = new Label();
        final ProgressBar bar = new ProgressBar();
        final Button cancel = new Button("Cancel");
        final Label figures = new Label();
        final VBox box;

        Row(long id) {
            title.getStyleClass().add("task-title");
            title.setWrapText(true);
            bar.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(bar, Priority.ALWAYS);
            cancel.getStyleClass().add("small");
            cancel.setOnAction(e -> board.cancel(id));
            HBox line = new HBox(8, bar, cancel);
            line.setAlignment(Pos.CENTER_LEFT);
            figures.getStyleClass().addAll("task-figures", "muted");
            box = new VBox(4, title, line, figures);
            box.getStyleClass().add("task-row");
        }

        void show(ProgressSnapshot s) {
            title.setText(s.title() + (s.detail().isEmpty() ? "" : " — " + s.detail()));
            bar.setProgress(s.fraction() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : s.fraction());
            cancel.setDisable(s.cancelled());
            figures.setText(ProgressText.figures(s));
        }
    }

    /** What the list shows now, for tests. */
    public List<ProgressSnapshot> shown() {
        return shown;
    }
}
