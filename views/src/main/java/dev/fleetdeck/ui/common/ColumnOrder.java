package dev.fleetdeck.ui.common;

import dev.fleetdeck.text.NaturalOrder;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import javafx.scene.control.TableColumn;

/**
 * A live table's sort as an order of its rows' values, which a view-model can use off the FX
 * thread: the table's own comparator asks its columns for each row's cell value, which only the
 * FX thread may do. Built on the FX thread whenever the sorted columns change; it reads each
 * column's key (kept in the column's properties) and direction then, and nothing of the table
 * afterwards.
 */
public final class ColumnOrder {
    private static final Object KEY = new Object();

    private ColumnOrder() {}

    /** Remembers what a column sorts by: a key of the row's value, as its comparator compares it. */
    public static <V> void key(TableColumn<?, ?> column, Function<V, ?> key) {
        column.getProperties().put(KEY, key);
    }

    /**
     * The order of the table's sorted columns, first to last, as the table's comparator would
     * sort (names in natural order, figures as figures, a descending column reversed);
     * {@code null} when no column is sorted.
     */
    public static <V> Comparator<V> of(List<? extends TableColumn<?, ?>> sortOrder) {
        Comparator<V> order = null;
        for (TableColumn<?, ?> column : sortOrder) {
            if (!column.isSortable() || !(column.getProperties().get(KEY) instanceof Function<?, ?> key)) {
                continue;
            }
            @SuppressWarnings("unchecked") // put by key() for this table's values
            Function<V, Object> k = (Function<V, Object>) key;
            Comparator<V> byColumn = Comparator.comparing(k, NaturalOrder.values());
            if (column.getSortType() == TableColumn.SortType.DESCENDING) {
                byColumn = byColumn.reversed();
            }
            order = order == null ? byColumn : order.thenComparing(byColumn);
        }
        return order;
    }
}
