package dev.fleetdeck.ui.sessions;

import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.text.NaturalOrder;
import dev.fleetdeck.ui.common.LiveRow;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import javafx.scene.control.TableColumn;

/**
 * The sessions table's sort as an order of sessions, which the view-model can use off the FX
 * thread: the table's own comparator asks its columns for each row's cell value, which only the FX
 * thread may do. Built on the FX thread whenever the sorted columns change; it reads each column's
 * key (kept in the column's properties) and direction then, and nothing of the table afterwards.
 */
final class SessionOrder {
    private static final Object KEY = new Object();

    private SessionOrder() {}

    /** Remembers what a column sorts by. */
    static void key(TableColumn<LiveRow<Session>, LiveRow<Session>> column, Function<Session, ?> key) {
        column.getProperties().put(KEY, key);
    }

    /**
     * The order of the table's sorted columns, first to last, as the table's comparator would
     * sort (names in natural order, figures as figures, a descending column reversed);
     * {@code null} when no column is sorted.
     */
    static Comparator<Session> of(List<? extends TableColumn<LiveRow<Session>, ?>> sortOrder) {
        Comparator<Session> order = null;
        for (TableColumn<LiveRow<Session>, ?> column : sortOrder) {
            if (!column.isSortable() || !(column.getProperties().get(KEY) instanceof Function<?, ?> key)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Function<Session, Object> k = (Function<Session, Object>) key;
            Comparator<Session> byColumn = Comparator.comparing(k, NaturalOrder.values());
            if (column.getSortType() == TableColumn.SortType.DESCENDING) {
                byColumn = byColumn.reversed();
            }
            order = order == null ? byColumn : order.thenComparing(byColumn);
        }
        return order;
    }
}
