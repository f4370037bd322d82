package dev.fleetdeck.ui.fleet;

import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.disk.DiskBudget;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.HostFigures;
import dev.fleetdeck.fleet.HostMetrics;
import dev.fleetdeck.fleet.MetricHistory;
import dev.fleetdeck.pool.PoolStatus;
import dev.fleetdeck.ui.common.Format;
import dev.fleetdeck.ui.common.FxLatest;
import dev.fleetdeck.ui.common.LiveList;
import dev.fleetdeck.ui.disk.DiskText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
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

/**
 * The fleet view's state. Fed by {@link FleetMonitor} one batch per refresh. Each agent has one
 * {@link FleetRow} for the window's life; a refresh sets the rows' snapshots and then filters and
 * sorts the shown list at most once, so a refresh of 200 agents is not 200 list changes, and the
 * selection and scroll position survive it. The staging pools' state is read on the monitor's
 * thread with each snapshot and travels with it, so the FX thread only sets text.
 */
public final class FleetViewModel {
    public static final String ALL = "All";
    private static final Comparator<FleetRow> FLEET_ORDER = Comparator.comparingInt(FleetRow::fleetIndex);

    private final FleetMonitor monitor;
    private final List<WorkspaceType> catalog;
    private final FleetConfig.Settings settings;
    private final DiskText disk;
    private final Map<String, FleetRow> byName = new HashMap<>();
    private final List<FleetRow> all = new ArrayList<>();
    private final ObservableList<FleetRow> shown = FXCollections.observableArrayList();
    private final ObjectProperty<Comparator<FleetRow>> comparator = new SimpleObjectProperty<>();
    private final ObservableList<String> zones = FXCollections.observableArrayList(ALL);
    private final StringProperty zoneFilter = new SimpleStringProperty(ALL);
    private final ObjectProperty<String> stateFilter = new SimpleObjectProperty<>(ALL);
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper agentsSummary = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper cpuSummary = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper memSummary = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper sessionsSummary = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper poolsSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper poolsConfigured = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper poolsShort = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper headroomSummary = new ReadOnlyStringWrapper("—");
    private final ReadOnlyBooleanWrapper headroomOk = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyObjectWrapper<Instant> lastUpdate = new ReadOnlyObjectWrapper<>();
    private final FxLatest<Reading> onFx = new FxLatest<>(this::apply);
    private final Consumer<FleetSnapshot> listener;

    /** One refresh as the FX thread applies it: the fleet and the pools as they were then. */
    record Reading(FleetSnapshot fleet, List<PoolStatus> pools) {}

    /**
     * @param pools the staging pools' state; called on the monitor's thread, so it must be cheap
     *              and must not touch the scene
     */
    public FleetViewModel(
            FleetMonitor monitor,
            List<WorkspaceType> catalog,
            FleetConfig.Settings settings,
            Supplier<List<PoolStatus>> pools) {
        this.monitor = monitor;
        this.listener = fleet -> onFx.accept(new Reading(fleet, pools.get()));
        this.catalog = List.copyOf(catalog);
        this.settings = settings;
        this.disk = new DiskText(new DiskBudget(settings.disk(), catalog));
        zoneFilter.addListener(o -> reshow());
        stateFilter.addListener(o -> reshow());
        search.addListener(o -> reshow());
        // A new comparator object comes with every click on a header, even for the same columns.
        comparator.addListener((o, was, now) -> reshow());
        apply(new Reading(monitor.current(), pools.get()));
    }

    public void attach() {
        monitor.addListener(listener);
    }

    public void detach() {
        monitor.removeListener(listener);
    }

    /** Applies one refresh; FX thread only. */
    void apply(Reading reading) {
        FleetSnapshot fleet = reading.fleet();
        boolean changed = false;
        for (AgentSnapshot a : fleet.agents()) {
            FleetRow row = byName.get(a.name());
            if (row == null) {
                String name = a.name();
                row = new FleetRow(a, all.size(), () -> history(name));
                byName.put(name, row);
                all.add(row);
                changed = true;
            } else {
                changed |= row.update(a);
            }
        }
        if (changed) {
            // States and figures moved: the filter (by state) and the sort may see it differently.
            reshow();
        }
        List<String> knownZones = fleet.agents().stream()
                .map(AgentSnapshot::zone)
                .distinct()
                .sorted()
                .toList();
        if (!zones.subList(1, zones.size()).equals(knownZones)) {
            zones.setAll(ALL);
            zones.addAll(knownZones);
        }
        summarize(fleet);
        summarizePools(reading.pools());
        lastUpdate.set(fleet.taken());
    }

    private void summarizePools(List<PoolStatus> status) {
        poolsConfigured.set(!status.isEmpty());
        poolsShort.set(status.stream().anyMatch(p -> !p.full()));
        // An equal text is not a change: the label is not laid out again.
        String pools = status.stream().map(p -> p.label() + " staged").collect(Collectors.joining(" · "));
        // The pools are the fleet's, not this window's: say who keeps them (another console, a keeper, or nobody).
        String keeper = status.stream()
                .map(PoolStatus::keptBy)
                .filter(k -> k != null)
                .findFirst()
                .map(k -> "kept by " + k)
                .orElse("kept by nobody");
        poolsSummary.set(status.isEmpty() ? "" : pools + " · " + keeper);
    }

    private void summarize(FleetSnapshot f) {
        agentsSummary.set(
                String.format(Locale.ROOT, "%d agents · %d online", f.agents().size(), f.online()));
        cpuSummary.set(String.format(
                Locale.ROOT,
                "%s of %d CPUs used · %s of %s cores allocated",
                Format.cores(f.usedCpus()),
                f.cpus(),
                Format.cores(f.allocatedCpus()),
                Format.cores(f.capacityCpus())));
        long hostUsed = f.agents().stream()
                .filter(a -> a.host().known())
                .mapToLong(a -> a.host().figures().memUsedBytes())
                .sum();
        long hostKnown = f.agents().stream().filter(a -> a.host().known()).count();
        memSummary.set(String.format(
                Locale.ROOT,
                "%s of %s used%s · %s of %s allocated",
                Format.bytes(f.memUsedBytes()),
                Format.bytes(f.memTotalBytes()),
                hostKnown == 0
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " by sessions · hosts %s (%d of %d agents)",
                                Format.bytes(hostUsed),
                                hostKnown,
                                f.agents().size()),
                Format.bytes(f.allocatedMemBytes()),
                Format.bytes(f.capacityMemBytes())));
        int staged = f.stagedSessions();
        sessionsSummary.set(
                staged == 0
                        ? f.sessionCount() + " sessions"
                        : (f.sessionCount() - staged) + " sessions + " + staged + " staged");
        FleetSnapshot.Headroom h = f.nPlusTwo();
        headroomOk.set(h.survives());
        headroomSummary.set(
                h.survives()
                        ? String.format(
                                Locale.ROOT,
                                "N+2 ok: %s cores, %s spare after losing the two largest agents",
                                Format.cores(h.spareCpus()),
                                Format.bytes(h.spareMemBytes()))
                        : String.format(
                                Locale.ROOT,
                                "N+2 at risk: short of %s cores / %s if the two largest agents fail",
                                Format.cores(Math.max(0, -h.spareCpus())),
                                Format.bytes(Math.max(0, -h.spareMemBytes()))));
    }

    /** The shown list in line with the filter, then the sort (see {@link LiveList}). */
    private void reshow() {
        Predicate<AgentSnapshot> filter = filter();
        LiveList.reconcile(shown, all, r -> filter.test(r.snapshot()), order());
    }

    private Comparator<FleetRow> order() {
        return comparator.get() == null ? FLEET_ORDER : comparator.get().thenComparing(FLEET_ORDER);
    }

    private Predicate<AgentSnapshot> filter() {
        String zone = zoneFilter.get();
        String state = stateFilter.get();
        String text = search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT);
        return a -> (zone == null || ALL.equals(zone) || zone.equals(a.zone()))
                && (state == null || ALL.equals(state) || a.state().label().equals(state))
                && (text.isEmpty() || a.name().toLowerCase(Locale.ROOT).contains(text));
    }

    /** How many more sessions of each workspace type fit, e.g. "firefox 3 · kali 1". */
    public String fits(AgentSnapshot a) {
        if (!a.online()) {
            return "—";
        }
        // Compact: the scarcest types by name, then "others N" when the rest agree ("kali 2 · others 4");
        // the whole list only when the counts differ more than that.
        Map<Integer, List<String>> byCount = new TreeMap<>();
        for (WorkspaceType ws : catalog) {
            byCount.computeIfAbsent(remaining(a, ws), k -> new ArrayList<>()).add(ws.name());
        }
        if (byCount.size() == 1 && catalog.size() > 1) {
            return "all " + byCount.keySet().iterator().next();
        }
        List<Map.Entry<Integer, List<String>>> groups = new ArrayList<>(byCount.entrySet());
        Map.Entry<Integer, List<String>> most = groups.stream()
                .max(Comparator.comparingInt(e -> e.getValue().size()))
                .orElseThrow();
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> g : groups) {
            if (g != most || most.getValue().size() == 1) {
                g.getValue().forEach(n -> parts.add(n + " " + g.getKey()));
            }
        }
        if (most.getValue().size() > 1) {
            parts.add("others " + most.getKey());
        }
        return String.join(" · ", parts);
    }

    /** Every type with its count ("firefox 4 · vscode 4 · kali 2"), for the cell's tooltip. */
    public String fitsInFull(AgentSnapshot a) {
        if (!a.online()) {
            return "offline";
        }
        return catalog.stream().map(ws -> ws.name() + " " + remaining(a, ws)).collect(Collectors.joining(" · "));
    }

    static int remaining(AgentSnapshot a, WorkspaceType ws) {
        double freeCpus = a.capacityCpus() - a.allocatedCpus();
        long freeMem = a.capacityMemBytes() - a.allocatedMemBytes();
        long byCpu = ws.cores() <= 0 ? Long.MAX_VALUE : (long) Math.floor(freeCpus / ws.cores() + 1e-9);
        long byMem = ws.memoryBytes() <= 0 ? Long.MAX_VALUE : freeMem / ws.memoryBytes();
        return (int) Math.max(0, Math.min(byCpu, byMem));
    }

    /**
     * The RAM cell: the host's use (node-exporter) beside the sessions' sum, e.g.
     * {@code host 62% 14.6 GiB · ctr 3.1 GiB}; without host figures the containers' sum, marked
     * {@code (docker)} when Prometheus is configured but gave none for this agent.
     */
    public String ramText(AgentSnapshot a) {
        HostFigures h = a.host().figures();
        if (h != null) {
            return String.format(
                    Locale.ROOT,
                    "host %s %s · ctr %s",
                    Format.percent(h.memPercent()),
                    Format.bytes(h.memUsedBytes()),
                    Format.bytes(a.memUsedBytes()));
        }
        return String.format(
                Locale.ROOT,
                "%s · %s%s",
                Format.percent(a.memPercent()),
                Format.bytes(a.memUsedBytes()),
                a.host().problem() == null ? "" : " (docker)");
    }

    /** The CPU cell: the host's busy share when known, else the containers' cores. */
    public String cpuText(AgentSnapshot a) {
        HostFigures h = a.host().figures();
        if (h != null) {
            return String.format(
                    Locale.ROOT,
                    "host %s · ctr %s/%d",
                    Format.percent(h.cpuPercent()),
                    Format.cores(a.usedCpus()),
                    a.cpus());
        }
        return String.format(
                Locale.ROOT,
                "%s · %s/%d%s",
                Format.percent(a.cpuPercent()),
                Format.cores(a.usedCpus()),
                a.cpus(),
                a.host().problem() == null ? "" : " (docker)");
    }

    /** Where the figures come from, for the usage cells' tooltip; {@code null} without Prometheus. */
    public String metricsTip(AgentSnapshot a) {
        HostMetrics m = a.host();
        if (m.known()) {
            HostFigures h = m.figures();
            return "Host figures from node-exporter through Prometheus (sampled " + h.sampledAt() + "); "
                    + "ctr = the containers' sum from Docker"
                    + (h.diskTotalBytes() == 0
                            ? ""
                            : "\nDisk (Docker's data root): " + Format.bytes(h.diskUsedBytes()) + " of "
                                    + Format.bytes(h.diskTotalBytes()));
        }
        return m.problem() == null ? null : "Docker's figures (the containers' sum): " + m.problem();
    }

    /** The agents' disk as the Disk column and its tooltip read it. */
    public DiskText disk() {
        return disk;
    }

    /** Whether disk figures are read, so the table has a Disk column. */
    public boolean diskFigures() {
        return monitor.readsDisk();
    }

    /** Whether the fleet's host figures are read from Prometheus. */
    public boolean hostFigures() {
        return monitor.readsHosts();
    }

    /** "ok", "warn" or "critical" for the agent's actual RAM use: the host's when known. */
    public String ramLevel(AgentSnapshot a) {
        double p = a.ramPercentForWarnings();
        return p >= settings.ramCriticalPercent() ? "critical" : p >= settings.ramWarnPercent() ? "warn" : "ok";
    }

    /** A fresh copy of the agent's readings; the table reads {@link FleetRow#history()} instead. */
    public MetricHistory.Points history(String agent) {
        MetricHistory h = monitor.history(agent);
        return h == null ? new MetricHistory.Points(new long[0], new float[0], new float[0]) : h.points();
    }

    /** The rows the table shows: filtered, in the table's sort order. */
    public ObservableList<FleetRow> rows() {
        return shown;
    }

    /** The row of an agent, shown or filtered out; {@code null} for an unknown agent. */
    public FleetRow row(String agent) {
        return byName.get(agent);
    }

    /** The table's sort, bound to its comparator; {@code null} keeps the fleet's order. */
    public ObjectProperty<Comparator<FleetRow>> comparatorProperty() {
        return comparator;
    }

    public ObservableList<String> zones() {
        return zones;
    }

    public List<String> states() {
        List<String> s = new ArrayList<>();
        s.add(ALL);
        for (AgentState st : AgentState.values()) {
            s.add(st.label());
        }
        return s;
    }

    public StringProperty zoneFilterProperty() {
        return zoneFilter;
    }

    public ObjectProperty<String> stateFilterProperty() {
        return stateFilter;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ReadOnlyStringProperty agentsSummaryProperty() {
        return agentsSummary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty cpuSummaryProperty() {
        return cpuSummary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memSummaryProperty() {
        return memSummary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sessionsSummaryProperty() {
        return sessionsSummary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headroomSummaryProperty() {
        return headroomSummary.getReadOnlyProperty();
    }
    /** Each staging pool's ready sessions against its size, e.g. "firefox 2/2 staged · kali 1/3 staged". */
    public ReadOnlyStringProperty poolsSummaryProperty() {
        return poolsSummary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty poolsConfiguredProperty() {
        return poolsConfigured.getReadOnlyProperty();
    }
    /** Some pool has fewer ready sessions than it keeps (filling, or short of capacity or images). */
    public ReadOnlyBooleanProperty poolsShortProperty() {
        return poolsShort.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty headroomOkProperty() {
        return headroomOk.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> lastUpdateProperty() {
        return lastUpdate.getReadOnlyProperty();
    }
}
