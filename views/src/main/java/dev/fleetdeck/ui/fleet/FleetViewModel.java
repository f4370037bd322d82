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
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.common.Format;
import dev.fleetdeck.ui.common.FxPrepared;
import dev.fleetdeck.ui.common.LiveRow;
import dev.fleetdeck.ui.common.PlannedList;
import dev.fleetdeck.ui.disk.DiskText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.application.Platform;
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
 * sorts the shown list at most once, so the selection and scroll position survive it. The staging
 * pools' state is read on the monitor's thread with each snapshot and travels with it.
 *
 * <p>At 1,000 agents, setting the rows' snapshots (each compared with the last, sessions and all),
 * filtering, sorting and the totals' texts took the FX thread 27–31 ms per refresh. All of that
 * happens off it now, in {@link Build}, as for the Sessions page ({@link FxPrepared}, {@link
 * PlannedList}, {@link LiveRow}): the FX thread gets one {@link Batch} per refresh, redraws the
 * rows a cell on screen follows, applies the list's changes already worked out and sets the texts.
 */
public final class FleetViewModel {
    public static final String ALL = "All";
    private static final Comparator<FleetRow> FLEET_ORDER = Comparator.comparingInt(FleetRow::fleetIndex);

    private final FleetMonitor monitor;
    private final List<WorkspaceType> catalog;
    private final FleetConfig.Settings settings;
    private final DiskText disk;
    /** Every agent's row, shown or not: added to by the build, read by the FX thread. */
    private final Map<String, FleetRow> byName = new ConcurrentHashMap<>();

    private final PlannedList<FleetRow> shown = new PlannedList<>();
    private final ObjectProperty<Comparator<AgentSnapshot>> order = new SimpleObjectProperty<>();
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
    private final ReadOnlyObjectWrapper<Batch> applied = new ReadOnlyObjectWrapper<>();
    private final Build build = new Build();
    private final FxPrepared<Reading, Batch> batches;
    private final Consumer<FleetSnapshot> listener;
    /** What the build reads: set on the FX thread before it asks for a build. */
    private volatile View view = new View(ALL, ALL, "", null);
    /** The last refresh, for a new filter or sort to be applied to. */
    private volatile Reading latest;

    /** One refresh as the build reads it: the fleet and the pools as they were then. */
    record Reading(FleetSnapshot fleet, List<PoolStatus> pools) {}

    /** The filters (the search trimmed, lower case) and the sort as one build reads them. */
    record View(String zone, String state, String query, Comparator<AgentSnapshot> order) {}

    /** The totals' texts above the table, worked out with the batch. */
    record Totals(
            String agents,
            String cpu,
            String mem,
            String sessions,
            boolean headroomOk,
            String headroom,
            boolean poolsConfigured,
            boolean poolsShort,
            String pools) {}

    /**
     * One refresh as the FX thread applies it.
     *
     * @param redraw      rows whose snapshot changed and which a cell on screen follows
     * @param zones       every zone of the fleet, sorted
     * @param preparedOnFx whether it was built on the FX thread (only the first, in the constructor)
     */
    record Batch(
            FleetSnapshot fleet,
            View view,
            List<FleetRow> redraw,
            PlannedList.Plan<FleetRow> plan,
            List<String> zones,
            Totals totals,
            boolean preparedOnFx) {
        /** What the FX thread does for it: row redraws plus list changes. */
        int fxUpdates() {
            return redraw.size() + plan.listChanges();
        }
    }

    /**
     * @param pools      the staging pools' state; called on the monitor's thread, so it must be
     *                   cheap and must not touch the scene
     * @param background where the rows are prepared (the UI's pool)
     */
    public FleetViewModel(
            FleetMonitor monitor,
            List<WorkspaceType> catalog,
            FleetConfig.Settings settings,
            Supplier<List<PoolStatus>> pools,
            Background background) {
        this.monitor = monitor;
        this.catalog = List.copyOf(catalog);
        this.settings = settings;
        this.disk = new DiskText(new DiskBudget(settings.disk(), catalog));
        this.batches = new FxPrepared<>(background, build::next, this::apply);
        this.listener = fleet -> {
            Reading r = new Reading(fleet, pools.get());
            latest = r;
            batches.accept(r);
        };
        zoneFilter.addListener(o -> reshow());
        stateFilter.addListener(o -> reshow());
        search.addListener(o -> reshow());
        // A new comparator comes with every change of the sorted columns or their directions.
        order.addListener(o -> reshow());
        // The first rows at once, on the constructing thread, before any build runs on the pool:
        // the table has every agent from its first frame.
        latest = new Reading(monitor.current(), pools.get());
        apply(build.next(latest));
    }

    public void attach() {
        monitor.addListener(listener);
    }

    public void detach() {
        monitor.removeListener(listener);
    }

    /** The filters or the sort changed: the latest refresh again, seen the new way. FX thread. */
    private void reshow() {
        String q = search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT);
        view = new View(zoneFilter.get(), stateFilter.get(), q, order.get());
        batches.accept(latest);
    }

    /** Applies one batch; FX thread (or the constructing thread, for the first). */
    private void apply(Batch batch) {
        for (FleetRow row : batch.redraw()) {
            row.redraw();
        }
        shown.apply(batch.plan());
        if (!zones.subList(1, zones.size()).equals(batch.zones())) {
            zones.setAll(ALL);
            zones.addAll(batch.zones());
        }
        // An equal text is not a change: the labels are not laid out again.
        Totals t = batch.totals();
        agentsSummary.set(t.agents());
        cpuSummary.set(t.cpu());
        memSummary.set(t.mem());
        sessionsSummary.set(t.sessions());
        headroomOk.set(t.headroomOk());
        headroomSummary.set(t.headroom());
        poolsConfigured.set(t.poolsConfigured());
        poolsShort.set(t.poolsShort());
        poolsSummary.set(t.pools());
        lastUpdate.set(batch.fleet().taken());
        applied.set(batch);
    }

    /** The search, filters and sort the next build reads: what tests wait for. */
    View view() {
        return view;
    }

    /** The batch applied last: what tests look at. */
    ReadOnlyObjectProperty<Batch> appliedProperty() {
        return applied.getReadOnlyProperty();
    }

    /**
     * Keeps one row per agent and works out each refresh's batch; one build at a time (see
     * {@link FxPrepared}), off the FX thread but for the constructor's.
     */
    private final class Build {
        private final List<FleetRow> all = new ArrayList<>();

        Batch next(Reading reading) {
            View v = view;
            FleetSnapshot fleet = reading.fleet();
            List<FleetRow> redraw = new ArrayList<>();
            for (AgentSnapshot a : fleet.agents()) {
                FleetRow row = byName.get(a.name());
                if (row == null) {
                    String name = a.name();
                    row = new FleetRow(a, all.size(), () -> history(name));
                    byName.put(name, row);
                    all.add(row);
                } else if (row.update(a)) {
                    redraw.add(row);
                }
            }
            Predicate<AgentSnapshot> filter = filter(v);
            List<FleetRow> matching = new ArrayList<>(all.size());
            for (FleetRow row : all) {
                if (filter.test(row.snapshot())) {
                    matching.add(row);
                }
            }
            if (v.order() != null) {
                // Stable, and rows the sort finds equal keep the fleet's order, as before.
                Comparator<FleetRow> byColumns = (x, y) -> v.order().compare(x.snapshot(), y.snapshot());
                matching.sort(byColumns.thenComparing(FLEET_ORDER));
            }
            List<String> knownZones = fleet.agents().stream()
                    .map(AgentSnapshot::zone)
                    .distinct()
                    .sorted()
                    .toList();
            return new Batch(
                    fleet,
                    v,
                    redraw,
                    shown.plan(matching),
                    knownZones,
                    totals(fleet, reading.pools()),
                    Platform.isFxApplicationThread());
        }
    }

    /** The totals' texts; the build's thread. */
    private static Totals totals(FleetSnapshot f, List<PoolStatus> pools) {
        String agents =
                String.format(Locale.ROOT, "%d agents · %d online", f.agents().size(), f.online());
        String cpu = String.format(
                Locale.ROOT,
                "%s of %d CPUs used · %s of %s cores allocated",
                Format.cores(f.usedCpus()),
                f.cpus(),
                Format.cores(f.allocatedCpus()),
                Format.cores(f.capacityCpus()));
        long hostUsed = f.agents().stream()
                .filter(a -> a.host().known())
                .mapToLong(a -> a.host().figures().memUsedBytes())
                .sum();
        long hostKnown = f.agents().stream().filter(a -> a.host().known()).count();
        String mem = String.format(
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
                Format.bytes(f.capacityMemBytes()));
        int staged = f.stagedSessions();
        String sessions = staged == 0
                ? f.sessionCount() + " sessions"
                : (f.sessionCount() - staged) + " sessions + " + staged + " staged";
        FleetSnapshot.Headroom h = f.nPlusTwo();
        String headroom = h.survives()
                ? String.format(
                        Locale.ROOT,
                        "N+2 ok: %s cores, %s spare after losing the two largest agents",
                        Format.cores(h.spareCpus()),
                        Format.bytes(h.spareMemBytes()))
                : String.format(
                        Locale.ROOT,
                        "N+2 at risk: short of %s cores / %s if the two largest agents fail",
                        Format.cores(Math.max(0, -h.spareCpus())),
                        Format.bytes(Math.max(0, -h.spareMemBytes())));
        return new Totals(
                agents,
                cpu,
                mem,
                sessions,
                h.survives(),
                headroom,
                !pools.isEmpty(),
                pools.stream().anyMatch(p -> !p.full()),
                poolsText(pools));
    }

    private static String poolsText(List<PoolStatus> status) {
        String pools = status.stream().map(p -> p.label() + " staged").collect(Collectors.joining(" · "));
        // The pools are the fleet's, not this window's: say who keeps them (another console, a keeper, or nobody).
        String keeper = status.stream()
                .map(PoolStatus::keptBy)
                .filter(k -> k != null)
                .findFirst()
                .map(k -> "kept by " + k)
                .orElse("kept by nobody");
        return status.isEmpty() ? "" : pools + " · " + keeper;
    }

    private static Predicate<AgentSnapshot> filter(View v) {
        String zone = v.zone();
        String state = v.state();
        String text = v.query();
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

    /**
     * The table's sort as an order of snapshots (the view builds it from its sorted columns, as
     * the build cannot ask the table's columns off the FX thread); {@code null} keeps the fleet's
     * order. Agents the order finds equal keep the fleet's order.
     */
    public ObjectProperty<Comparator<AgentSnapshot>> orderProperty() {
        return order;
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
