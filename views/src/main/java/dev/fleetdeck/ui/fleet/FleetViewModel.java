package dev.fleetdeck.ui.fleet;

import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.MetricHistory;
import dev.fleetdeck.ui.common.FxLatest;
import dev.fleetdeck.ui.common.Format;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

/**
 * The fleet view's state. Fed by {@link FleetMonitor} one batch per refresh; rows are replaced in
 * place so selection and scroll position survive every refresh.
 */
public final class FleetViewModel {
    public static final String ALL = "All";

    private final FleetMonitor monitor;
    private final List<WorkspaceType> catalog;
    private final FleetConfig.Settings settings;
    private final ObservableList<AgentSnapshot> agents = FXCollections.observableArrayList();
    private final FilteredList<AgentSnapshot> filtered = new FilteredList<>(agents);
    private final SortedList<AgentSnapshot> sorted = new SortedList<>(filtered);
    private final ObservableList<String> zones = FXCollections.observableArrayList(ALL);
    private final StringProperty zoneFilter = new SimpleStringProperty(ALL);
    private final ObjectProperty<String> stateFilter = new SimpleObjectProperty<>(ALL);
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper agentsSummary = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper cpuSummary = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper memSummary = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper sessionsSummary = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper headroomSummary = new ReadOnlyStringWrapper("—");
    private final ReadOnlyBooleanWrapper headroomOk = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyObjectWrapper<Instant> lastUpdate = new ReadOnlyObjectWrapper<>();
    private final Consumer<FleetSnapshot> listener = new FxLatest<>(this::apply);

    public FleetViewModel(FleetMonitor monitor, List<WorkspaceType> catalog, FleetConfig.Settings settings) {
        this.monitor = monitor;
        this.catalog = List.copyOf(catalog);
        this.settings = settings;
        zoneFilter.addListener(o -> refilter());
        stateFilter.addListener(o -> refilter());
        search.addListener(o -> refilter());
        apply(monitor.current());
    }

    public void attach() {
        monitor.addListener(listener);
    }

    public void detach() {
        monitor.removeListener(listener);
    }

    /** Applies one fleet snapshot; FX thread only. */
    void apply(FleetSnapshot fleet) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < agents.size(); i++) {
            index.put(agents.get(i).name(), i);
        }
        for (AgentSnapshot a : fleet.agents()) {
            Integer i = index.get(a.name());
            if (i == null) {
                agents.add(a);
            } else if (!agents.get(i).equals(a)) {
                agents.set(i, a);
            }
        }
        List<String> knownZones = fleet.agents().stream().map(AgentSnapshot::zone).distinct().sorted().toList();
        if (!zones.subList(1, zones.size()).equals(knownZones)) {
            zones.setAll(ALL);
            zones.addAll(knownZones);
        }
        summarize(fleet);
        lastUpdate.set(fleet.taken());
    }

    private void summarize(FleetSnapshot f) {
        agentsSummary.set(String.format(Locale.ROOT, "%d agents · %d online", f.agents().size(), f.online()));
        cpuSummary.set(String.format(Locale.ROOT, "%s of %d CPUs used · %s of %s cores allocated",
                Format.cores(f.usedCpus()), f.cpus(), Format.cores(f.allocatedCpus()), Format.cores(f.capacityCpus())));
        memSummary.set(String.format(Locale.ROOT, "%s of %s used · %s of %s allocated",
                Format.bytes(f.memUsedBytes()), Format.bytes(f.memTotalBytes()),
                Format.bytes(f.allocatedMemBytes()), Format.bytes(f.capacityMemBytes())));
        sessionsSummary.set(f.sessionCount() + " sessions");
        FleetSnapshot.Headroom h = f.nPlusTwo();
        headroomOk.set(h.survives());
        headroomSummary.set(h.survives()
                ? String.format(Locale.ROOT, "N+2 ok: %s cores, %s spare after losing the two largest agents",
                        Format.cores(h.spareCpus()), Format.bytes(h.spareMemBytes()))
                : String.format(Locale.ROOT, "N+2 at risk: short of %s cores / %s if the two largest agents fail",
                        Format.cores(Math.max(0, -h.spareCpus())), Format.bytes(Math.max(0, -h.spareMemBytes()))));
    }

    private void refilter() {
        String zone = zoneFilter.get();
        String state = stateFilter.get();
        String text = search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT);
        filtered.setPredicate(a -> (zone == null || ALL.equals(zone) || zone.equals(a.zone()))
                && (state == null || ALL.equals(state) || a.state().label().equals(state))
                && (text.isEmpty() || a.name().toLowerCase(Locale.ROOT).contains(text)));
    }

    /** How many more sessions of each workspace type fit, e.g. "firefox 3 · kali 1". */
    public String fits(AgentSnapshot a) {
        if (!a.online()) {
            return "—";
        }
        return catalog.stream()
                .map(ws -> ws.name() + " " + remaining(a, ws))
                .collect(Collectors.joining(" · "));
    }

    static int remaining(AgentSnapshot a, WorkspaceType ws) {
        double freeCpus = a.capacityCpus() - a.allocatedCpus();
        long freeMem = a.capacityMemBytes() - a.allocatedMemBytes();
        long byCpu = ws.cores() <= 0 ? Long.MAX_VALUE : (long) Math.floor(freeCpus / ws.cores() + 1e-9);
        long byMem = ws.memoryBytes() <= 0 ? Long.MAX_VALUE : freeMem / ws.memoryBytes();
        return (int) Math.max(0, Math.min(byCpu, byMem));
    }

    /** "ok", "warn" or "critical" for the agent's actual RAM use. */
    public String ramLevel(AgentSnapshot a) {
        double p = a.memPercent();
        return p >= settings.ramCriticalPercent() ? "critical" : p >= settings.ramWarnPercent() ? "warn" : "ok";
    }

    public MetricHistory.Points history(String agent) {
        MetricHistory h = monitor.history(agent);
        return h == null ? new MetricHistory.Points(new long[0], new float[0], new float[0]) : h.points();
    }

    public SortedList<AgentSnapshot> rows() {
        return sorted;
    }

    public ObservableList<AgentSnapshot> allAgents() {
        return agents;
    }

    public ObservableList<String> zones() {
        return zones;
    }

    public List<String> states() {
        List<String> s = new java.util.ArrayList<>();
        s.add(ALL);
        for (AgentState st : AgentState.values()) {
            s.add(st.label());
        }
        return s;
    }

    public StringProperty zoneFilterProperty() { return zoneFilter; }
    public ObjectProperty<String> stateFilterProperty() { return stateFilter; }
    public StringProperty searchProperty() { return search; }
    public ReadOnlyStringProperty agentsSummaryProperty() { return agentsSummary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty cpuSummaryProperty() { return cpuSummary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty memSummaryProperty() { return memSummary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty sessionsSummaryProperty() { return sessionsSummary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty headroomSummaryProperty() { return headroomSummary.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty headroomOkProperty() { return headroomOk.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Instant> lastUpdateProperty() { return lastUpdate.getReadOnlyProperty(); }
}
