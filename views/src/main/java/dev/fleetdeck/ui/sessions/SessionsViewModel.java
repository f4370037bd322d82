package dev.fleetdeck.ui.sessions;

import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionControl;
import dev.fleetdeck.text.NaturalOrder;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.common.FxPrepared;
import dev.fleetdeck.ui.common.LiveRow;
import dev.fleetdeck.ui.common.PlannedList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

/**
 * Every Fleetdeck session on every agent, searchable; stop and destroy run in the background.
 *
 * <p>At 25,000 sessions, matching the rows to a snapshot, filtering and ordering them took the FX
 * thread over a second per refresh. All of that now happens off it, in {@link Build} (one at a
 * time, on the UI's pool, the latest snapshot first): the FX thread gets one {@link Batch} per
 * refresh, with the rows on screen to redraw and the list's changes already worked out.
 */
public final class SessionsViewModel {
    /** The agents' order, then the sessions' within each: the order when no column is sorted. */
    private static final Comparator<AgentSnapshot> AGENTS =
            Comparator.comparing(AgentSnapshot::name, NaturalOrder.NAMES);

    private static final Comparator<Session> WITHIN_AGENT =
            Comparator.comparing(Session::sessionId, NaturalOrder.NAMES);

    private final FleetMonitor monitor;
    private final SessionControl control;
    private final PlannedList<LiveRow<Session>> rows = new PlannedList<>();
    private final ObjectProperty<Comparator<Session>> order = new SimpleObjectProperty<>();
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper("");
    private final Background background;
    private final FxPrepared<FleetSnapshot, Batch> batches;
    private final Build build = new Build();
    /** What the builder reads: set on the FX thread before it asks for a build. */
    private volatile View view = new View("", null);

    private volatile FleetSnapshot latest;
    private final ReadOnlyObjectWrapper<Batch> applied = new ReadOnlyObjectWrapper<>();

    private final Consumer<FleetSnapshot> listener = this::snapshot;
    /**
     * Whether a view shows the rows. While not, snapshots are not prepared: 25,000 sessions
     * matched every refresh would cost the UI's pool for a list nobody sees.
     */
    private volatile boolean shown;

    /** The search (trimmed, lower case) and the sort as one build reads them. */
    record View(String query, Comparator<Session> order) {}

    /**
     * One refresh as the FX thread applies it.
     *
     * @param view   the search and sort it was built for
     * @param redraw rows whose value changed and which a cell on screen follows
     * @param count  the "N of M sessions" text
     */
    record Batch(
            FleetSnapshot fleet,
            View view,
            List<LiveRow<Session>> redraw,
            PlannedList.Plan<LiveRow<Session>> plan,
            String count) {
        /** What the FX thread does for it: row redraws plus list changes. */
        int fxUpdates() {
            return redraw.size() + plan.listChanges();
        }
    }

    public SessionsViewModel(FleetMonitor monitor, SessionControl control, Background background) {
        this.monitor = monitor;
        this.control = control;
        this.background = background;
        this.batches = new FxPrepared<>(background, build::next, this::apply);
        this.latest = monitor.current();
        search.addListener(o -> reshow());
        // A new comparator comes with every click on a header, even for the same columns.
        order.addListener(o -> reshow());
    }

    public void attach() {
        monitor.addListener(listener);
    }

    public void detach() {
        monitor.removeListener(listener);
    }

    /** The monitor's thread. */
    private void snapshot(FleetSnapshot fleet) {
        latest = fleet;
        if (shown) {
            batches.accept(fleet);
        }
    }

    /** Called by the view as it appears and disappears; on appearing it catches up at once. FX thread. */
    public void setShown(boolean shown) {
        boolean was = this.shown;
        this.shown = shown;
        if (shown && !was) {
            batches.accept(monitor.current());
        }
    }

    /** The search or the sort changed: the latest snapshot again, seen the new way. FX thread. */
    private void reshow() {
        String q = search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT);
        view = new View(q, order.get());
        if (shown) {
            batches.accept(latest);
        }
    }

    private void apply(Batch batch) {
        for (LiveRow<Session> row : batch.redraw()) {
            row.redraw();
        }
        rows.apply(batch.plan());
        count.set(batch.count());
        applied.set(batch);
    }

    /** The search and sort the next build reads: what tests wait for. */
    View view() {
        return view;
    }

    /** The batch the FX thread applied last: what tests look at. */
    ReadOnlyObjectProperty<Batch> appliedProperty() {
        return applied.getReadOnlyProperty();
    }

    /**
     * Keeps one row per live session and works out each refresh's batch; one build at a time
     * (see {@link FxPrepared}), never on the FX thread.
     */
    private final class Build {
        private Map<String, LiveRow<Session>> byId = new HashMap<>();

        Batch next(FleetSnapshot fleet) {
            View v = view;
            List<LiveRow<Session>> redraw = new ArrayList<>();
            Map<String, LiveRow<Session>> live = new HashMap<>(byId.size() * 2 + 16);
            List<LiveRow<Session>> all = new ArrayList<>(byId.size() + 16);
            List<LiveRow<Session>> matching = new ArrayList<>();
            // Sorting the agents and then each agent's few sessions gives the fleet's order at a
            // fraction of sorting 25,000 sessions by agent and id.
            List<AgentSnapshot> agents = new ArrayList<>(fleet.agents());
            agents.sort(AGENTS);
            for (AgentSnapshot a : agents) {
                List<Session> sessions = new ArrayList<>(a.sessions());
                sessions.sort(WITHIN_AGENT);
                for (Session s : sessions) {
                    LiveRow<Session> row = byId.get(s.sessionId());
                    if (row == null) {
                        row = new LiveRow<>(s.sessionId(), s);
                    } else if (row.update(s) && row.watched()) {
                        redraw.add(row);
                    }
                    if (live.putIfAbsent(s.sessionId(), row) == null) {
                        all.add(row);
                        if (matches(s, v.query())) {
                            matching.add(row);
                        }
                    }
                }
            }
            byId = live;
            if (v.order() != null) {
                // Stable: rows the sort finds equal keep the fleet's order.
                matching.sort((x, y) -> v.order().compare(x.get(), y.get()));
            }
            String text = matching.size() + " of " + all.size() + " sessions";
            return new Batch(fleet, v, redraw, rows.plan(matching), text);
        }
    }

    /** Whether a session matches a search, already trimmed and lower case. */
    static boolean matches(Session s, String q) {
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

    /**
     * The table's sort as an order of sessions (the view builds it from its sorted columns, as
     * the builder cannot ask the table's columns off the FX thread); {@code null} keeps the
     * agents' order. Sessions the order finds equal keep the agents' order.
     */
    public ObjectProperty<Comparator<Session>> orderProperty() {
        return order;
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
