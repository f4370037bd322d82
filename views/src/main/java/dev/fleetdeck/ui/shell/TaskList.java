package dev.fleetdeck.ui.shell;

import dev.fleetdeck.progress.ProgressBoard;
import dev.fleetdeck.progress.ProgressSnapshot;
import dev.fleetdeck.progress.ProgressText;
import dev.fleetdeck.ui.common.FxLatest;
import java.util.List;
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
        popup.show(button, at.getMinX(), at.getMinY() - 16 - Math.max(60, rows.prefHeight(-1)));
    }

    private void show(List<ProgressSnapshot> tasks) {
        shown = tasks;
        button.setText(tasks.isEmpty() ? "Tasks: none" : "Tasks: " + tasks.size() + " running");
        rows.getChildren().clear();
        if (tasks.isEmpty()) {
            Label none = new Label("No long work running.");
            none.getStyleClass().add("muted");
            rows.getChildren().add(none);
        }
        for (ProgressSnapshot s : tasks) {
            rows.getChildren().add(row(s));
        }
    }

    private VBox row(ProgressSnapshot s) {
        Label title = new Label(s.title() + (s.detail().isEmpty() ? "" : " — " + s.detail()));
        title.getStyleClass().add("task-title");
        title.setWrapText(true);
        ProgressBar bar = new ProgressBar(s.fraction() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : s.fraction());
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        Button cancel = new Button("Cancel");
        cancel.getStyleClass().add("small");
        cancel.setDisable(s.cancelled());
        cancel.setOnAction(e -> board.cancel(s.id()));
        HBox line = new HBox(8, bar, cancel);
        line.setAlignment(Pos.CENTER_LEFT);
        Label figures = new Label(ProgressText.figures(s));
        figures.getStyleClass().addAll("task-figures", "muted");
        VBox row = new VBox(4, title, line, figures);
        row.getStyleClass().add("task-row");
        return row;
    }

    /** What the list shows now, for tests. */
    public List<ProgressSnapshot> shown() {
        return shown;
    }
}
