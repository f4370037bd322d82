package dev.fleetdeck.ui.common;

import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One item's row in a live table, for as long as the item exists. A refresh changes the row's
 * value, never the row: the table's list, its selection and its scroll position stay put, and
 * only the {@link LiveCell}s on screen redraw.
 */
public final class LiveRow<T> {
    private final String key;
    private final ReadOnlyObjectWrapper<T> value;
    private final ReadOnlyObjectWrapper<LiveRow<T>> self = new ReadOnlyObjectWrapper<>(this);
    private int order;

    public LiveRow(String key, T first) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = new ReadOnlyObjectWrapper<>(first);
    }

    public String key() {
        return key;
    }

    public T get() {
        return value.get();
    }

    public ReadOnlyObjectProperty<T> valueProperty() {
        return value.getReadOnlyProperty();
    }

    /** The row as a table cell's value: constant, so a refresh never re-assigns cells. */
    public ReadOnlyObjectProperty<LiveRow<T>> self() {
        return self.getReadOnlyProperty();
    }

    /** Position in the source's own order: the order when no column is sorted. */
    public int order() {
        return order;
    }

    public void order(int order) {
        this.order = order;
    }

    /** @return whether the value differed, i.e. whether the row's cells redraw */
    public boolean update(T next) {
        if (next.equals(value.get())) {
            return false;
        }
        value.set(next);
        return true;
    }
}
