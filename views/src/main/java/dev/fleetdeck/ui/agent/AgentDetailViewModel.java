package dev.fleetdeck.ui.agent;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.ContainerEvent;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.DockerDiskUsage;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.MetricHistory;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.history.AgentHistory;
import dev.fleetdeck.history.HistoryRange;
import dev.fleetdeck.text.NaturalOrder;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.common.FxBatches;
import dev.fleetdeck.ui.common.FxLatest;
import dev.fleetdeck.ui.disk.DiskText;
import dev.fleetdeck.ui.history.HistoryViewModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One agent up close, while its detail is open: the monitor's snapshots and readings, the
 * engine's containers and images (asked in the background, never on the FX thread) and its
 * container events as they happen. {@link #open()} subscribes, {@link #close()} lets go of
 * everything; a closed detail is not reopened.
 */
public final class AgentDetailViewModel {
    /** Events kept: enough to see what just happened, few enough that the list stays cheap. */
    public static final int MAX_EVENTS = 200;

    private final String agent;
    private final FleetMonitor monitor;
    private final Background background;
    private final DiskText disk;
    private final ReadOnlyObjectWrapper<AgentSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<MetricHistory.Points> history = new ReadOnlyObjectWrapper<>();
    private final ObservableList<AgentContainer> containers = FXCollections.observableArrayList();
    private final ObservableList<String> images = FXCollections.observableArrayList();
    private final ObservableList<ContainerEvent> events = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final Consumer<FleetSnapshot> fleetListener = new FxLatest<>(this::apply);
    private final FxBatches<ContainerEvent> eventsOnFx = new FxBatches<>(this::addEvents);
    private List<ContainerSummary> listed = List.of();
    private AutoCloseable subscription;
    private boolean listing;
    private boolean listAgain;
    private boolean closed;
    private final HistoryViewModel longHistory;

    public AgentDetailViewModel(String agent, FleetMonitor monitor, Background background) {
        this(agent, monitor, background, null, null);
    }

    /**
     * @param disk    how the agent's disk reads; {@code null}: the detail has no disk section
     * @param history blocking: the agent's history over a range, or {@code null} for the live 15 minutes only
     */
    public AgentDetailViewModel(
            String agent,
            FleetMonitor monitor,
            Background background,
            DiskText disk,
            Function<HistoryRange, AgentHistory> history) {
        this.agent = agent;
        this.monitor = monitor;
        this.background = background;
        this.disk = disk;
        this.longHistory = history == null ? null : new HistoryViewModel(agent, history, background);
    }

    /** Starts following the agent; FX thread. */
    public void open() {
        apply(monitor.current());
        monitor.addListener(fleetListener);
        AgentEngine engine = monitor.agent(agent).engine();
        // Subscribing is an engine call too: it may wait on the network.
        background.run(
                "Events of " + agent,
                () -> engine.events(eventsOnFx),
                handle -> {
                    if (closed) {
                        closeInBackground(handle);
                    } else {
                        subscription = handle;
                    }
                },
                e -> message.set("No live events from " + agent + ": " + e.getMessage()));
        relist();
        refreshImages();
        if (longHistory != null) {
            longHistory.attach();
        }
    }

    /** Stops following the agent: no listener, no event subscription left behind; FX thread. */
    public void close() {
        closed = true;
        monitor.removeListener(fleetListener);
        if (longHistory != null) {
            longHistory.detach();
        }
        if (subscription != null) {
            closeInBackground(subscription);
            subscription = null;
        }
    }

    private void closeInBackground(AutoCloseable handle) {
        background.run(
                "Stop events of " + agent,
                () -> {
                    handle.close();
                    return null;
                },
                ok -> {},
                e -> {});
    }

    private void apply(FleetSnapshot fleet) {
        if (closed) {
            return;
        }
        for (AgentSnapshot a : fleet.agents()) {
            if (a.name().equals(agent) && !a.equals(snapshot.get())) {
                snapshot.set(a);
                MetricHistory h = monitor.history(agent);
                history.set(h == null ? new MetricHistory.Points(new long[0], new float[0], new float[0]) : h.points());
                mergeContainers();
            }
        }
    }

    private void addEvents(List<ContainerEvent> batch) {
        if (closed) {
            return;
        }
        List<ContainerEvent> newestFirst = new ArrayList<>(batch);
        Collections.reverse(newestFirst);
        events.addAll(0, newestFirst);
        if (events.size() > MAX_EVENTS) {
            events.remove(MAX_EVENTS, events.size());
        }
        // The container list is only as fresh as its last call: an event says it changed.
        relist();
    }

    /** Lists the agent's containers in the background; one call at a time, a late ask runs once more. */
    public void relist() {
        if (closed) {
            return;
        }
        if (listing) {
            listAgain = true;
            return;
        }
        listing = true;
        AgentEngine engine = monitor.agent(agent).engine();
        background.run(
                "Containers of " + agent,
                () -> engine.listContainers(true),
                list -> {
                    listing = false;
                    if (closed) {
                        return;
                    }
                    listed = list;
                    mergeContainers();
                    if (listAgain) {
                        listAgain = false;
                        relist();
                    }
                },
                e -> {
                    listing = false;
                    listAgain = false;
                    message.set("Could not list the containers of " + agent + ": " + e.getMessage());
                });
    }

    public void refreshImages() {
        AgentEngine engine = monitor.agent(agent).engine();
        background.run(
                "Images of " + agent,
                engine::imageTags,
                (Set<String> tags) -> {
                    if (!closed) {
                        images.setAll(tags.stream().sorted(NaturalOrder.NAMES).toList());
                    }
                },
                e -> message.set("Could not list the images of " + agent + ": " + e.getMessage()));
    }

    /** Sessions from the snapshot, every other container from the last list call. */
    private void mergeContainers() {
        AgentSnapshot a = snapshot.get();
        Map<String, Session> sessions = new HashMap<>();
        if (a != null) {
            a.sessions().forEach(s -> sessions.put(s.containerId(), s));
        }
        DockerDiskUsage disk = a == null ? null : a.disk().usage();
        List<AgentContainer> rows = new ArrayList<>();
        for (ContainerSummary c : listed) {
            rows.add(AgentContainer.of(c, sessions.remove(c.id()), disk == null ? -1 : disk.writableOf(c.id())));
        }
        // Sessions the last list call did not see yet (it is older than the snapshot).
        for (Session s : sessions.values()) {
            rows.add(AgentContainer.of(s, disk == null ? -1 : disk.writableOf(s.containerId())));
        }
        rows.sort(Comparator.comparing(AgentContainer::name, NaturalOrder.NAMES).thenComparing(AgentContainer::id));
        if (!rows.equals(containers)) {
            containers.setAll(rows);
        }
    }

    public String agent() {
        return agent;
    }
    /** How the agent's disk reads, or {@code null} when the detail has no disk section. */
    public DiskText disk() {
        return disk;
    }

    public ReadOnlyObjectProperty<AgentSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<MetricHistory.Points> historyProperty() {
        return history.getReadOnlyProperty();
    }

    public ObservableList<AgentContainer> containers() {
        return containers;
    }

    public ObservableList<String> images() {
        return images;
    }
    /** Newest first, at most {@link #MAX_EVENTS}. */
    public ObservableList<ContainerEvent> events() {
        return events;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
    /** The agent's CPU and RAM over 1 h … 30 d, or {@code null} when the detail shows the live 15 minutes only. */
    public HistoryViewModel longHistory() {
        return longHistory;
    }
}
