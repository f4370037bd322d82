package dev.fleetdeck.ui.fleet;

import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.MetricHistory;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One agent's row in the fleet table, for as long as the window lives. A refresh changes the
 * row's snapshot, never the row: the table's list, its selection and its scroll position stay
 * put, and only the cells on screen (listening to {@link #snapshotProperty()}) redraw.
 */
public final class FleetRow {
    private final String name;
    private final int fleetIndex;
    private final ReadOnlyObjectWrapper<AgentSnapshot> snapshot;
    private final ReadOnlyObjectWrapper<FleetRow> self = new ReadOnlyObjectWrapper<>(this);
    private final Supplier<MetricHistory.Points> historySource;
    private MetricHistory.Points history;

    FleetRow(AgentSnapshot first, int fleetIndex, Supplier<MetricHistory.Points> historySource) {
        this.name = first.name();
        this.fleetIndex = fleetIndex;
        this.snapshot = new ReadOnlyObjectWrapper<>(first);
        this.historySource = historySource;
    }

    public String name() {
        return name;
    }

    /** Position in the fleet's configuration: the order when no column is sorted. */
    int fleetIndex() {
        return fleetIndex;
    }

    public AgentSnapshot snapshot() {
        return snapshot.get();
    }

    /** The row as a table cell's value: constant, so a refresh never re-assigns cells. */
    public ReadOnlyObjectProperty<FleetRow> self() {
        return self.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<AgentSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** @return whether the snapshot differed, i.e. whether the row's cells redraw */
    boolean update(AgentSnapshot next) {
        if (next.equals(snapshot.get())) {
            return false;
        }
        // Dropped before the set: the cells that redraw on it must read this refresh's history.
        history = null;
        snapshot.set(next);
        return true;
    }

    /**
     * The agent's readings as of this row's snapshot, copied on first use and shared by the CPU
     * and RAM cells: one copy per agent on screen per refresh, none for rows scrolled away.
     */
    public MetricHistory.Points history() {
        if (history == null) {
            history = historySource.get();
        }
        return history;
    }
}
