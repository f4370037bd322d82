package dev.fleetdeck.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakListener;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;

/**
 * One item's row in a live table, for as long as the item exists. A refresh changes the row's
 * value, never the row: the table's list, its selection and its scroll position stay put, and
 * only the {@link LiveCell}s on screen redraw.
 *
 * <p>The value may be set off the FX thread ({@link #update}), by whatever prepares the rows,
 * one thread at a time; from then on {@link #get()} and the cells read it. Only the rows a cell
 * follows ({@link #watched()}) need to tell their cells, on the FX thread ({@link #redraw()}):
 * so a refresh of 25,000 sessions costs the FX thread the few dozen rows on screen, not 25,000
 * property changes.
 */
public final class LiveRow<T> {
    private final String key;
    private volatile T latest;
    private final Value value = new Value();
    private final ReadOnlyObjectWrapper<LiveRow<T>> self = new ReadOnlyObjectWrapper<>(this);

    public LiveRow(String key, T first) {
        this.key = Objects.requireNonNull(key, "key");
        this.latest = Objects.requireNonNull(first, "first");
        value.told = first;
    }

    public String key() {
        return key;
    }

    /** The latest value, on any thread. */
    public T get() {
        return latest;
    }

    /** The value as the row's cells follow it: always the latest, announced by {@link #redraw()}. */
    public ObservableValue<T> valueProperty() {
        return value;
    }

    /** The row as a table cell's value: constant, so a refresh never re-assigns cells. */
    public ReadOnlyObjectProperty<LiveRow<T>> self() {
        return self.getReadOnlyProperty();
    }

    /**
     * Sets the latest value; any thread, one at a time.
     *
     * @return whether the value differed
     */
    public boolean update(T next) {
        if (next.equals(latest)) {
            return false;
        }
        latest = next;
        return true;
    }

    /**
     * Whether a cell follows this row now, i.e. whether an {@link #update} must be followed by a
     * {@link #redraw()}; any thread. A cell that starts following reads the latest value itself.
     * (Both sides are volatile: either the updater sees the cell, or the cell sees the update.)
     */
    public boolean watched() {
        return value.watched;
    }

    /** Tells the cells following this row that its value changed; FX thread. */
    public void redraw() {
        value.fire();
    }

    /**
     * Listeners are kept here rather than in a property so that whether any cell follows the row
     * can be read from another thread. Touched on the FX thread only, except {@link #watched}.
     */
    private final class Value implements ObservableValue<T> {
        private final List<InvalidationListener> invalidation = new ArrayList<>(1);
        private final List<ChangeListener<? super T>> change = new ArrayList<>(0);
        private volatile boolean watched;
        /** What the change listeners were last told. */
        private T told;

        @Override
        public T getValue() {
            return latest;
        }

        @Override
        public void addListener(InvalidationListener listener) {
            invalidation.add(Objects.requireNonNull(listener, "listener"));
            watched = true;
        }

        @Override
        public void removeListener(InvalidationListener listener) {
            invalidation.remove(listener);
            watched = !invalidation.isEmpty() || !change.isEmpty();
        }

        @Override
        public void addListener(ChangeListener<? super T> listener) {
            if (change.isEmpty()) {
                told = latest;
            }
            change.add(Objects.requireNonNull(listener, "listener"));
            watched = true;
        }

        @Override
        public void removeListener(ChangeListener<? super T> listener) {
            change.remove(listener);
            watched = !invalidation.isEmpty() || !change.isEmpty();
        }

        void fire() {
            // Weak listeners of cells gone with their table's skin leave here, as JavaFX's own do.
            invalidation.removeIf(l -> l instanceof WeakListener w && w.wasGarbageCollected());
            change.removeIf(l -> l instanceof WeakListener w && w.wasGarbageCollected());
            watched = !invalidation.isEmpty() || !change.isEmpty();
            for (InvalidationListener l : List.copyOf(invalidation)) {
                l.invalidated(this);
            }
            T now = latest;
            T before = told;
            told = now;
            if (!change.isEmpty() && !now.equals(before)) {
                for (ChangeListener<? super T> l : List.copyOf(change)) {
                    l.changed(this, before, now);
                }
            }
        }
    }
}
