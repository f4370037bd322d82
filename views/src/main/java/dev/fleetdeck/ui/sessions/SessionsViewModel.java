package dev.fleetdeck.ui.sessions;

import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionControl;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.common.FxLatest;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

/** Every Fleetdeck session on every agent, searchable; stop and destroy run in the background. */
public final class SessionsViewModel {
    private final FleetMonitor monitor;
    private final SessionControl control;
    private final Background background;
    private final ObservableList<Session> sessions = FXCollections.observableArrayList();
    private final FilteredList<Session> filtered = new FilteredList<>(sessions);
    private final SortedList<Session> sorted = new SortedList<>(filtered);
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper("");
    /** Sorted on the monitor's thread; the FX thread only swaps the rows in. */
    private final FxLatest<List<Session>> rowsOnFx = new FxLatest<>(this::applySorted);
    private final Consumer<FleetSnapshot> listener = fleet -> {
        if (this.shown) {
            rowsOnFx.accept(sortedSessions(fleet));
        }
    };
    /**
     * Whether a view shows the rows. While not, snapshots are neither sorted nor applied: 5,000
     * sessions replaced every refresh would cost the FX thread for a list nobody sees.
     */
    private volatile boolean shown;

    public SessionsViewModel(FleetMonitor monitor, SessionControl control, Background background) {
        this.monitor = monitor;
        this.control = control;
        this.background = background;
        search.addListener(o -> refilter());
        apply(monitor.current());
    }

    public void attach() {
        monitor.addListener(listener);
    }

    public void detach() {
        monitor.removeListener(listener);
    }

    /** Called by the view as it appears and disappears; on appearing it catches up at once. FX thread. */
    public void setShown(boolean shown) {
        boolean was = this.shown;
        this.shown = shown;
        if (shown && !was) {
            apply(monitor.current());
        }
    }

    void apply(FleetSnapshot fleet) {
        applySorted(sortedSessions(fleet));
    }

    private static List<Session> sortedSessions(FleetSnapshot fleet) {
        return fleet.sessions().sorted(Comparator.comparing(Session::agent).thenComparing(Session::sessionId)).toList();
    }

    private void applySorted(List<Session> rows) {
        sessions.setAll(rows);
        count.set(filtered.size() + " of " + sessions.size() + " sessions");
    }

    private void refilter() {
        String q = search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT);
        filtered.setPredicate(s -> q.isEmpty()
                || s.user().toLowerCase(Locale.ROOT).contains(q)
                || s.workspaceType().toLowerCase(Locale.ROOT).contains(q)
                || s.agent().toLowerCase(Locale.ROOT).contains(q)
                || s.sessionId().toLowerCase(Locale.ROOT).contains(q));
        count.set(filtered.size() + " of " + sessions.size() + " sessions");
    }

    public void stop(Session s) {
        background.run("Stop " + s.sessionId(), () -> {
            control.stop(s);
            return null;
        }, ok -> message.set("Stopped " + s.sessionId() + " on " + s.agent()),
                e -> message.set("Could not stop " + s.sessionId() + ": " + e.getMessage()));
    }

    public void destroy(Session s) {
        background.run("Destroy " + s.sessionId(), () -> {
            control.destroy(s);
            return null;
        }, ok -> message.set("Destroyed " + s.sessionId() + " on " + s.agent() + "; its capacity is free"),
                e -> message.set("Could not destroy " + s.sessionId() + ": " + e.getMessage()));
    }

    public SortedList<Session> rows() { return sorted; }
    public StringProperty searchProperty() { return search; }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyStringProperty countProperty() { return count.getReadOnlyProperty(); }
}
