package dev.fleetdeck.ui.fleet;

import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.MetricHistory;
import dev.fleetdeck.ui.common.LiveRow;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;

/**
 * One agent's row in the fleet table, for as long as the window lives. A refresh changes the
 * row's snapshot, never the row: the table's list, its selection and its scroll position stay
 * put, and only the cells on screen (listening to {@link #snapshotProperty()}) redraw. The
 * snapshot is a {@link LiveRow}'s value: set off the FX thread by the view-model's build, told
 * to the cells on the FX thread only for the rows a cell follows.
 */
public final class FleetRow {
    private final int fleetIndex;
    private final LiveRow<AgentSnapshot> live;
    private final ReadOnlyObjectWrapper<FleetRow> self = new ReadOnlyObjectWrapper<>(this);
    private final Supplier<MetricHistory.Points> historySource;
    /** The readings copied for one snapshot: a new snapshot, set on another thread, makes it stale. */
    private History history;

    private record History(AgentSnapshot of, MetricHistory.Points points) {}

    FleetRow(AgentSnapshot first, int fleetIndex, Supplier<MetricHistory.Points> historySource) {
        this.fleetIndex = fleetIndex;
        this.live = new LiveRow<>(first.name(), first);
        this.historySource = historySource;
    }

    public String name() {
        return live.key();
    }

    /** Position in the fleet's configuration: the order when no column is sorted. */
    int fleetIndex() {
        return fleetIndex;
    }

    /** The latest snapshot, on any thread. */
    public AgentSnapshot snapshot() {
        return live.get();
    }

    /** The row as a table cell's value: constant, so a refresh never re-assigns cells. */
    public ReadOnlyObjectProperty<FleetRow> self() {
        return self.getReadOnlyProperty();
    }

    /** The snapshot as the row's cells follow it (see {@link LiveRow#valueProperty()}). */
    public ObservableValue<AgentSnapshot> snapshotProperty() {
        return live.valueProperty();
    }

    /**
     * Sets the next snapshot; the build's thread, one at a time.
     *
     * @return whether it differed and a cell follows the row, i.e. whether to {@link #redraw()} it
     */
    boolean update(AgentSnapshot next) {
        return live.update(next) && live.watched();
    }

    /** Whether a cell on screen follows the row; any thread. */
    boolean watched() {
        return live.watched();
    }

    /** Tells the row's cells of its new snapshot; FX thread. */
    void redraw() {
        live.redraw();
    }

    /**
     * The agent's readings as of this row's snapshot, copied on first use and shared by the CPU
     * and RAM cells: one copy per agent on screen per refresh, none for rows scrolled away. FX
     * thread.
     */
    @SuppressWarnings("ReferenceEquality") // the snapshot the copy was made for, not an equal one
    public MetricHistory.Points history() {
        AgentSnapshot now = live.get();
        if (history == null || history.of() != now) {
            history = new History(now, historySource.get());
        }
        return history.points();
    }
}
