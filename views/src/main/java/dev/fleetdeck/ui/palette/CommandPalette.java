package dev.fleetdeck.ui.palette;

import java.util.List;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Window;

/**
 * Ctrl+K (Cmd+K on a Mac): a search field over pages, agents and sessions; arrows move, Enter
 * chooses, Escape or a click elsewhere closes. The items are taken afresh each time it opens, so
 * they are as current as the last fleet refresh.
 */
public final class CommandPalette {
    public static final KeyCombination SHORTCUT = new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN);
    private static final int LIMIT = 50;

    private final Supplier<List<PaletteItem>> items;
    private final Popup popup = new Popup();
    private final TextField query = new TextField();
    private final ListView<PaletteItem> list = new ListView<>();
    private List<PaletteItem> all = List.of();

    public CommandPalette(Supplier<List<PaletteItem>> items) {
        this.items = items;
        query.setId("palette-query");
        query.setPromptText("Go to a page, an agent or a session");
        list.setId("palette-list");
        list.setPrefSize(560, 260);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(PaletteItem item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("palette-page", "palette-agent", "palette-session");
                setText(empty || item == null ? null : item.label());
                if (!empty && item != null) {
                    getStyleClass().add("palette-" + item.kind());
                }
            }
        });
        query.textProperty().addListener((o, was, now) -> refilter());
        Label hint = new Label("↑↓ to move · Enter to open · Esc to close");
        hint.getStyleClass().add("text-muted");
        VBox box = new VBox(8, query, list, hint);
        box.setId("command-palette");
        box.getStyleClass().add("command-palette");
        box.setPadding(new Insets(12));
        // A popup has no theme background of its own: borrow the window's look.
        box.setStyle("-fx-background-color: -color-bg-default; -fx-border-color: -color-border-default;"
                + " -fx-border-radius: 6; -fx-background-radius: 6;"
                + " -fx-effect: dropshadow(gaussian, rgba(0,0,0,0.35), 18, 0, 0, 4);");
        // A filter, not a handler: the list and the field would otherwise eat the arrows and Enter.
        box.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                choose();
            }
        });
        popup.getContent().add(box);
        popup.setAutoHide(true);
        popup.setHideOnEscape(true);
    }

    /** Ctrl+K on that scene opens the palette over its window. */
    public void install(Scene scene) {
        scene.getAccelerators().put(SHORTCUT, () -> open(scene.getWindow()));
    }

    public void open(Window owner) {
        all = items.get();
        query.clear();
        refilter();
        if (!popup.isShowing()) {
            popup.show(owner);
        }
        // Near the top, centred: where the eye is, clear of the status bar.
        popup.setX(owner.getX() + (owner.getWidth() - popup.getWidth()) / 2);
        popup.setY(owner.getY() + Math.min(120, owner.getHeight() / 6));
        query.requestFocus();
    }

    public boolean isShowing() {
        return popup.isShowing();
    }

    /** Any thread: the console is closed from the launcher's thread too. */
    public void close() {
        if (Platform.isFxApplicationThread()) {
            popup.hide();
        } else {
            Platform.runLater(popup::hide);
        }
    }

    private void refilter() {
        list.getItems().setAll(PaletteItems.matching(all, query.getText(), LIMIT));
        list.getSelectionModel().selectFirst();
        list.scrollTo(0);
    }

    private void onKey(KeyEvent e) {
        int at = list.getSelectionModel().getSelectedIndex();
        switch (e.getCode()) {
            case DOWN -> move(Math.min(list.getItems().size() - 1, at + 1), e);
            case UP -> move(Math.max(0, at - 1), e);
            case ENTER -> {
                choose();
                e.consume();
            }
            case ESCAPE -> {
                close();
                e.consume();
            }
            default -> {
                // typing goes to the field
            }
        }
    }

    private void move(int to, KeyEvent e) {
        if (to >= 0) {
            list.getSelectionModel().select(to);
            list.scrollTo(Math.max(0, to - 3));
        }
        e.consume();
    }

    private void choose() {
        PaletteItem chosen = list.getSelectionModel().getSelectedItem();
        if (chosen != null) {
            close();
            chosen.action().run();
        }
    }
}
