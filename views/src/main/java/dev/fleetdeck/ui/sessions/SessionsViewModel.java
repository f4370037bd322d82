package dev.fleetdeck.ui.sessions;

import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionControl;
import dev.fleetdeck.text.NaturalOrder;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.common.FxLatest;
import dev.fleetdeck.ui.common.LiveList;
import dev.fleetdeck.ui.common.LiveRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Every Fleetdeck session on every agent, searchable; stop and destroy run in the background. */
public final class SessionsViewModel {
    private final FleetMonitor monitor;
    private final SessionControl control;
    private final Background background;
    private static final Comparator<LiveRow<Session>> SOURCE_ORDER = Comparator.comparingInt(LiveRow::order);

    private final Map<String, LiveRow<Session>> byId = new HashMap<>();
    private List<LiveRow<Session>> all = List.of();
    private final ObservableList<LiveRow<Session>> rows = FXCollections.observableArrayList();
    private final ObjectProperty<Comparator<LiveRow<Session>>> comparator = new SimpleObjectProperty<>();
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
        search.addListener(o -> reshow());
        // A new comparator object comes with every click on a header, even for the same columns.
        comparator.addListener(o -> reshow());
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
        return fleet.sessions()
                .sorted(Comparator.comparing(Session::agent, NaturalOrder.NAMES)
                        .thenComparing(Session::sessionId, NaturalOrder.NAMES))
                .toList();
    }

    /**
     * Each session keeps its row while it lives: a refresh updates the rows' values (only the
     * cells on screen redraw), and the shown list changes only by the sessions that started or
     * ended, or by a sort that the new figures upset.
     */
    private void applySorted(List<Session> sessions) {
        List<LiveRow<Session>> next = new ArrayList<>(sessions.size());
        Map<String, LiveRow<Session>> live = new HashMap<>(sessions.size() * 2);
        for (Session s : sessions) {
            LiveRow<Session> row = byId.get(s.sessionId());
            if (row == null) {
                row = new LiveRow<>(s.sessionId(), s);
            } else {
                row.update(s);
            }
            row.order(next.size());
            next.add(row);
            live.put(s.sessionId(), row);
        }
        byId.clear();
        byId.putAll(live);
        all = next;
        reshow();
    }

    private void reshow() {
        String q = search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT);
        Comparator<LiveRow<Session>> order =
                comparator.get() == null ? SOURCE_ORDER : comparator.get().thenComparing(SOURCE_ORDER);
        LiveList.reconcile(rows, all, r -> matches(r.get(), q), order);
        count.set(rows.size() + " of " + all.size() + " sessions");
    }

    private static boolean matches(Session s, String q) {
        return q.isEmpty()
                || s.user().toLowerCase(Locale.ROOT).contains(q)
                || s.workspaceType().toLowerCase(Locale.ROOT).contains(q)
                || s.agent().toLowerCase(Locale.ROOT).contains(q)
                || s.sessionId().toLowerCase(Locale.ROOT).contains(q);
    }

    public void stop(Session s) {
        background.run(
                "Stop " + s.sessionId(),
                () -> {
                    control.stop(s);
                    return null;
                },
                ok -> message.set("Stopped " + s.sessionId() + " on " + s.agent()),
                e -> message.set("Could not stop " + s.sessionId() + ": " + e.getMessage()));
    }

    public void destroy(Session s) {
        background.run(
                "Destroy " + s.sessionId(),
                () -> {
                    control.destroy(s);
                    return null;
                },
                ok -> message.set("Destroyed " + s.sessionId() + " on " + s.agent() + "; its capacity is free"),
                e -> message.set("Could not destroy " + s.sessionId() + ": " + e.getMessage()));
    }

    /** The rows the table shows: filtered, in the table's sort order. */
    public ObservableList<LiveRow<Session>> rows() {
        return rows;
    }
    /** The table's sort, bound to its comparator; {@code null} keeps the agents' order. */
    public ObjectProperty<Comparator<LiveRow<Session>>> comparatorProperty() {
        return comparator;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty countProperty() {
        return count.getReadOnlyProperty();
    }
}
