package dev.fleetdeck.ui.common;

import dev.fleetdeck.text.NaturalOrder;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Skin;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.TableCellSkin;
import javafx.scene.layout.Region;

/**
 * A table cell whose item is a row that never changes (see {@link LiveRow}), which follows the
 * row's live value itself and draws into content of its own, laid out by its skin and not
 * managed by the cell.
 *
 * <p>Why: a table cell that requests layout makes its row request layout, and a row that does
 * makes the table's VirtualFlow rebuild every visible row, so a refresh that rewrote one label per
 * cell cost a full table layout (16–33 ms on the FX thread under Prism's software pipeline, for
 * the fleet table). Unmanaged content is a layout root: a new figure re-lays out that content
 * alone. The row height must be fixed ({@code -fx-fixed-cell-size} in CSS), as the content's
 * size no longer reaches the row. Out of the scene (another page shown) a cell skips its drawing
 * and catches up when it is back.
 *
 * @param <R> the row
 * @param <V> the row's live value
 * @param <N> the content
 */
public abstract class LiveCell<R, V, N extends Region> extends TableCell<R, R> {
    protected final N content;
    private final Function<R, ObservableValue<V>> source;
    private final InvalidationListener redraw = o -> redraw();
    // Weak: rows live as long as their item, cells only as long as the table's skin keeps them.
    private final WeakInvalidationListener weakRedraw = new WeakInvalidationListener(redraw);
    private R watched;
    private boolean stale;

    protected LiveCell(N content, Function<R, ObservableValue<V>> source) {
        this.content = content;
        this.source = source;
        content.setManaged(false);
        content.setVisible(false);
        sceneProperty().addListener((o, was, scene) -> {
            if (scene != null && stale) {
                redraw();
            }
        });
    }

    /** A cell of text read from the row's value. */
    public static <R, V> LiveCell<R, V, Label> text(Function<R, ObservableValue<V>> source, Function<V, ?> text) {
        Label label = new Label();
        label.getStyleClass().add("cell-text");
        label.setAlignment(Pos.CENTER_LEFT);
        return new LiveCell<>(label, source) {
            @Override
            protected void show(R row, V value) {
                content.setText(String.valueOf(text.apply(value)));
            }
        };
    }

    /** A cell of text with its long form as the tooltip (set only when it changes). */
    public static <R, V> LiveCell<R, V, Label> text(
            Function<R, ObservableValue<V>> source, Function<V, ?> text, Function<V, String> tip) {
        Label label = new Label();
        label.getStyleClass().add("cell-text");
        label.setAlignment(Pos.CENTER_LEFT);
        return new LiveCell<>(label, source) {
            private String shownTip;

            @Override
            protected void show(R row, V value) {
                content.setText(String.valueOf(text.apply(value)));
                String t = tip.apply(value);
                if (!Objects.equals(t, shownTip)) {
                    shownTip = t;
                    content.setTooltip(t == null ? null : new Tooltip(t));
                }
            }
        };
    }

    /**
     * A column for live cells: each cell's value is the row itself, which a refresh never
     * changes, and sorting compares {@code key} of the rows as they are now.
     */
    public static <R, K> TableColumn<R, R> column(
            String title, Function<R, ObservableValue<R>> self, Function<R, K> key) {
        TableColumn<R, R> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> self.apply(cell.getValue()));
        // Names in natural order (scale-1-2 before scale-1-10), figures as figures.
        c.setComparator((a, b) -> NaturalOrder.values().compare(key.apply(a), key.apply(b)));
        return c;
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new ContentSkin(this);
    }

    @Override
    protected final void updateItem(R row, boolean empty) {
        super.updateItem(row, empty);
        R next = empty ? null : row;
        if (next != watched) {
            if (watched != null) {
                source.apply(watched).removeListener(weakRedraw);
            }
            watched = next;
            if (watched != null) {
                source.apply(watched).addListener(weakRedraw);
            }
        }
        content.setVisible(watched != null);
        if (watched == null) {
            setTooltip(null);
            return;
        }
        redraw();
    }

    private void redraw() {
        if (watched == null) {
            return;
        }
        stale = getScene() == null;
        if (!stale) {
            show(watched, source.apply(watched).getValue());
        }
    }

    /** Writes the value into the content; called whenever the row's value changes, on screen. */
    protected abstract void show(R row, V value);

    /**
     * The table's own cell skin (its behaviour selects and focuses on click), plus the cell's
     * content laid out inside the padding at the cell's size.
     */
    private static final class ContentSkin extends TableCellSkin<Object, Object> {
        @SuppressWarnings({"unchecked", "rawtypes"})
        ContentSkin(LiveCell<?, ?, ?> cell) {
            super((TableCell) cell);
            // The content is unmanaged, so a new size reaches it only through this skin's layout.
            registerChangeListener(cell.widthProperty(), o -> cell.requestLayout());
            registerChangeListener(cell.heightProperty(), o -> cell.requestLayout());
        }

        private Region content() {
            return ((LiveCell<?, ?, ?>) getSkinnable()).content;
        }

        // Called by the labeled skin whenever it resets its children (text and graphic).
        @Override
        protected void updateChildren() {
            super.updateChildren();
            if (!getChildren().contains(content())) {
                getChildren().add(content());
            }
        }

        @Override
        protected void layoutChildren(double x, double y, double w, double h) {
            super.layoutChildren(x, y, w, h);
            content().resizeRelocate(x, y, Math.max(0, w), Math.max(0, h));
        }
    }
}
