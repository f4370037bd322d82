package dev.fleetdeck.app;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.alert.AlertBook;
import dev.fleetdeck.alert.AlertRules;
import dev.fleetdeck.alert.AlertSink;
import dev.fleetdeck.alert.AlertStore;
import dev.fleetdeck.alert.AlertWatch;
import dev.fleetdeck.alert.AlertmanagerSink;
import dev.fleetdeck.alert.FleetFactsSource;
import dev.fleetdeck.alert.WebhookSink;
import dev.fleetdeck.analytics.StartupAnalytics;
import dev.fleetdeck.cache.CacheHistory;
import dev.fleetdeck.cache.CacheMetrics;
import dev.fleetdeck.cache.CacheRegistry;
import dev.fleetdeck.cache.CacheReport;
import dev.fleetdeck.cache.CacheTuning;
import dev.fleetdeck.cache.CacheWatch;
import dev.fleetdeck.cache.ContainerCaches;
import dev.fleetdeck.cache.RedisServerMonitor;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.disk.DiskBudget;
import dev.fleetdeck.disk.DiskWatch;
import dev.fleetdeck.drain.DrainService;
import dev.fleetdeck.drain.DrainTasks;
import dev.fleetdeck.drain.MaintenanceHook;
import dev.fleetdeck.drain.Operator;
import dev.fleetdeck.drain.ReplicatedAuditLog;
import dev.fleetdeck.drain.SessionNotices;
import dev.fleetdeck.figures.FiguresPublisher;
import dev.fleetdeck.figures.FleetFigures;
import dev.fleetdeck.figures.PublishedFleet;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.HostMetricsSource;
import dev.fleetdeck.fleet.SessionControl;
import dev.fleetdeck.history.HistoryRecorder;
import dev.fleetdeck.history.HistoryService;
import dev.fleetdeck.history.LocalHistoryStore;
import dev.fleetdeck.history.PrometheusHistory;
import dev.fleetdeck.image.ImageCopier;
import dev.fleetdeck.image.ImageDistributor;
import dev.fleetdeck.image.ImageInventory;
import dev.fleetdeck.image.ImagePuller;
import dev.fleetdeck.image.ImageRegistry;
import dev.fleetdeck.launch.BulkLaunch;
import dev.fleetdeck.launch.ImagePresence;
import dev.fleetdeck.launch.Launcher;
import dev.fleetdeck.launch.Placement;
import dev.fleetdeck.launch.QuotaCache;
import dev.fleetdeck.launch.QuotaCheck;
import dev.fleetdeck.launch.Readiness;
import dev.fleetdeck.metrics.PrometheusClient;
import dev.fleetdeck.metrics.PrometheusHostSource;
import dev.fleetdeck.pool.KeeperLease;
import dev.fleetdeck.pool.PoolKeeper;
import dev.fleetdeck.pool.SessionClaims;
import dev.fleetdeck.pool.StagingPool;
import dev.fleetdeck.pool.StagingPools;
import dev.fleetdeck.progress.ProgressBoard;
import dev.fleetdeck.sim.DemoActivity;
import dev.fleetdeck.sim.DemoHistory;
import dev.fleetdeck.sim.SimulatedTimings;
import dev.fleetdeck.sizing.SizingAdvisor;
import dev.fleetdeck.startup.AnalysisOptions;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.store.ProcessOwner;
import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.store.RedisLink;
import dev.fleetdeck.store.ReplicatedStartupStore;
import dev.fleetdeck.store.StartupStore;
import dev.fleetdeck.story.DemoStory;
import dev.fleetdeck.story.SimulatedStage;
import dev.fleetdeck.story.SizingAdvice;
import dev.fleetdeck.story.StoryPlayer;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every service of one console, built in one place from the configuration and the engines: the
 * window and the headless commands share it. Closing it stops every thread it started and
 * closes every engine, so nothing leaks.
 */
public final class Services implements AutoCloseable {
    private final FleetConfig config;
    private final OpenedFleet opened;
    private final boolean simulated;
    private final Map<String, AgentEngine> engines;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService refreshPool;
    private final ExecutorService launchPool;
    private final SharedBackends shared;
    private final AdminStates adminStates;
    private final FleetMonitor fleet;
    private final QuotaCache quotaCache;
    private final ImagePresence images;
    private final Launcher launcher;
    private final BulkLaunch bulkLaunch;
    private final SessionControl sessionControl;
    private final StartupStore startupStore;
    private final StartupAnalytics startupAnalytics;
    private DemoActivity demoActivity;
    private StoryPlayer story;
    private ScheduledExecutorService storyThread;
    private final RedisLink redis;
    // Caches: the container-info caches sit between every service and the engines.
    private final CacheTuning cacheTuning = CacheTuning.defaults();
    private final ContainerCaches containerCaches;
    // Built on first use (Lazy): a one-shot command builds only the parts it asks for.
    private final Lazy<CacheParts> cacheParts;
    // --- drain ---
    private final DrainBackends drainBackends;
    private final Lazy<DrainService> drains;
    // --- staging pools and images ---
    private final SessionClaims sessionClaims;
    private final Consumer<String> problems;
    private final StagingPools stagingPools;
    private final Lazy<KeeperParts> keeperParts;
    private final List<Consumer<String>> keeperActions = new CopyOnWriteArrayList<>();
    private final Lazy<ImageParts> imageParts;
    private final AlertStore alertStore;
    private AlertWatch alertWatch;
    private final List<Consumer<AlertBook>> alertListeners = new CopyOnWriteArrayList<>();
    // Long work running in this console (copies, pre-pull rounds, bulk launches), for its task list.
    private final ProgressBoard progress = new ProgressBoard(System::nanoTime);
    private ScheduledExecutorService alertScheduler;
    private FiguresPublisher figuresPublisher;
    private ExecutorService figuresWriter;
    private final ExecutorService diskReaders;
    private final DiskWatch disk;
    private final DiskBudget diskBudget;
    // History: what this machine's consoles and keeper saw, and the sizing advice drawn from it.
    private final Lazy<LocalHistoryStore> historyStore;
    private final Lazy<HistoryParts> historyParts;
    private boolean recordingHistory;

    /** The Redis server's own figures and the caches' hit rates, sampled on a thread of their own. */
    private record CacheParts(
            Optional<RedisConnector> connector,
            Optional<RedisServerMonitor> monitor,
            ScheduledExecutorService scheduler,
            CacheWatch watch) {}

    /** The keeper's lease and the staging pools' upkeep, each on a thread of its own. */
    private record KeeperParts(
            ScheduledExecutorService scheduler,
            PoolKeeper keeper,
            ScheduledExecutorService leaseScheduler,
            KeeperLease lease) {}

    /** Image copies, pulls and the scheduled pre-pull. */
    private record ImageParts(
            ImageInventory inventory,
            ImageCopier copier,
            ImagePuller puller,
            ImageDistributor distributor,
            ScheduledExecutorService prePullScheduler) {}

    /** The history store (SQLite: a native library to load and a file to open) and what reads it. */
    private record HistoryParts(
            LocalHistoryStore store,
            ExecutorService writer,
            HistoryRecorder recorder,
            HistoryService service,
            SizingAdvisor sizing) {}

    /**
     * @param problems where background problems are told (log, status bar)
     */
    /**
     * @param redis  the shared Redis of the configuration, or {@code null} for the embedded default
     * @param drainBackends where drain state, leases and the audit log live
     */
    public Services(
            OpenedFleet opened,
            StartupStore startupStore,
            RedisLink redis,
            DrainBackends drainBackends,
            Consumer<String> problems) {
        this(opened, startupStore, redis, drainBackends, SharedBackends.inProcess(redis, problems), problems);
    }

    /**
     * @param shared admin states, reservations, quota counts, staging pools and alerts, shared with
     *               every other process of the fleet
     */
    public Services(
            OpenedFleet opened,
            StartupStore startupStore,
            RedisLink redis,
            DrainBackends drainBackends,
            SharedBackends shared,
            Consumer<String> problems) {
        // Lazy like the file store: a command that never reads history never loads SQLite.
        this(
                opened,
                startupStore,
                redis,
                drainBackends,
                shared,
                (Supplier<LocalHistoryStore>) Services::inMemoryHistory,
                problems);
    }

    private static LocalHistoryStore inMemoryHistory() {
        try {
            return LocalHistoryStore.inMemory();
        } catch (SQLException e) {
            throw new IllegalStateException("SQLite cannot open an in-memory database: " + e.getMessage(), e);
        }
    }

    /**
     * @param historyStore where the CPU and RAM history is kept (closed with these services)
     */
    public Services(
            OpenedFleet opened,
            StartupStore startupStore,
            RedisLink redis,
            DrainBackends drainBackends,
            SharedBackends shared,
            LocalHistoryStore historyStore,
            Consumer<String> problems) {
        this(opened, startupStore, redis, drainBackends, shared, Lazy.built(historyStore), problems);
    }

    /**
     * @param historyStore opens the history store on first use (closed with these services)
     */
    public Services(
            OpenedFleet opened,
            StartupStore startupStore,
            RedisLink redis,
            DrainBackends drainBackends,
            SharedBackends shared,
            Supplier<LocalHistoryStore> historyStore,
            Consumer<String> problems) {
        this(opened, startupStore, redis, drainBackends, shared, Lazy.of(historyStore), problems);
    }

    private Services(
            OpenedFleet opened,
            StartupStore startupStore,
            RedisLink redis,
            DrainBackends drainBackends,
            SharedBackends shared,
            Lazy<LocalHistoryStore> historyStore,
            Consumer<String> problems) {
        this.historyStore = historyStore;
        this.sessionClaims = new SessionClaims(shared.pools(), System::nanoTime);
        this.alertStore = shared.alerts();
        this.problems = problems;
        this.redis = redis;
        this.shared = shared;
        // Read now: every process knows the states before its first placement.
        this.adminStates = new AdminStates(shared.admin(), Clock.systemUTC(), problems);
        this.opened = opened;
        this.config = opened.config();
        this.simulated = opened.simulated();
        this.containerCaches = new ContainerCaches(cacheTuning.ttls(), Ticker.systemTicker());
        Map<String, AgentEngine> engines = new LinkedHashMap<>();
        opened.engines().forEach((agent, engine) -> engines.put(agent, containerCaches.wrap(agent, engine)));
        this.engines = engines;
        this.startupStore = startupStore;
        this.startupAnalytics = new StartupAnalytics(
                config.workspaces(), Clock.systemUTC(), new StartupRecordCodec(StartupRecordCodec.Detail.TIMINGS));
        FleetConfig.Settings s = config.settings();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("fleetdeck-tick"));
        // Refreshes block on engines: one thread per agent at most, so a dead agent holds only its own.
        // One more for the fleet's host-metrics read, so it never waits behind a dead agent's refresh.
        int hostReads = config.metrics().isPresent() ? 1 : 0;
        this.refreshPool = Executors.newFixedThreadPool(
                Math.max(1, Math.min(engines.size(), 64) + hostReads), daemon("fleetdeck-refresh"));
        this.launchPool = Executors.newCachedThreadPool(daemon("fleetdeck-launch"));

        List<AgentMonitor> monitors = new ArrayList<>();
        for (AgentConfig a : config.agents()) {
            AgentEngine e = engines.get(a.name());
            // Every container sampled every second refresh: agent totals never older than two intervals.
            monitors.add(new AgentMonitor(
                    a, e, adminStates, s.refreshInterval().multipliedBy(2), Clock.systemUTC(), sessionClaims));
        }
        int history = (int) Math.max(
                1, Duration.ofMinutes(15).toMillis() / s.refreshInterval().toMillis());
        HostMetricsSource hosts = config.metrics()
                .map(m -> (HostMetricsSource)
                        new PrometheusHostSource(config.agents(), new PrometheusClient(m, s.agentTimeout())))
                .orElse(null);
        // Disk: /system/df every diskInterval on readers of its own, never on the refresh pool.
        this.diskReaders = boundedPool(Math.min(4, Math.max(1, engines.size())), "fleetdeck-disk");
        this.disk = new DiskWatch(engines, s.disk().interval(), scheduler, diskReaders, Clock.systemUTC());
        this.diskBudget = new DiskBudget(s.disk(), config.workspaces());
        this.historyParts = Lazy.of(() -> {
            LocalHistoryStore store = historyStore.get();
            // A month's range query reads more than a refresh's instant one: its own, longer, timeout.
            HistoryService service = new HistoryService(
                    config.agents(),
                    config.metrics()
                            .map(m -> new PrometheusHistory(
                                    new PrometheusClient(m, s.agentTimeout().plusSeconds(10)))),
                    store,
                    Clock.systemUTC());
            // Its own thread: a write waiting for another process's lock never holds up the fleet's tick.
            ExecutorService writer = Executors.newSingleThreadExecutor(daemon("fleetdeck-history"));
            return new HistoryParts(
                    store,
                    writer,
                    new HistoryRecorder(store, writer, problems),
                    service,
                    new SizingAdvisor(config.agents(), config.workspaces(), s.ramWarnPercent(), service));
        });
        this.fleet = new FleetMonitor(
                monitors, s.refreshInterval(), history, scheduler, refreshPool, Clock.systemUTC(), hosts, disk);
        this.quotaCache = shared.quota();
        if (startupStore instanceof ReplicatedStartupStore replicated) {
            // Records written while Redis was away go over as soon as it is back.
            // replicate() catches its own failures; closing the scheduler ends it.
            var unusedReplication = scheduler.scheduleWithFixedDelay(replicated::replicate, 5, 5, TimeUnit.SECONDS);
        }
        this.images = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
        Placement placement = new Placement(
                fleet,
                images,
                adminStates,
                shared.reservations(),
                ProcessOwner.current().toString(),
                s.refreshInterval().multipliedBy(2).toMillis(),
                problems);
        this.stagingPools =
                new StagingPools(List.of(), sessionClaims, fleet, Clock.systemUTC(), System::nanoTime, problems);
        this.launcher = new Launcher(
                fleet,
                name -> config.workspace(name).orElse(null),
                new QuotaCheck(quotaCache, fleet, s.maxSessionsPerUser()),
                placement,
                images,
                new Readiness(System::nanoTime),
                startupStore,
                stagingPools,
                Clock.systemUTC(),
                System::nanoTime,
                problems);
        this.bulkLaunch = new BulkLaunch(launcher, launchPool);
        this.sessionControl = new SessionControl(fleet, Duration.ofSeconds(10));
        if (opened.sim() != null) {
            // The demo fleet takes its time like a real one, so its timelines look like real ones.
            for (AgentConfig a : config.agents()) {
                opened.sim().engine(a.name()).useTimings(SimulatedTimings.demo(), scheduler);
            }
        }

        this.cacheParts = Lazy.of(() -> {
            // A Redis client of its own (and its event loop): built only where the caches are watched.
            Optional<RedisConnector> connector = config.redis().map(uri -> new RedisConnector(uri, s.agentTimeout()));
            Optional<RedisServerMonitor> monitor = connector.map(r -> RedisServerMonitor.of(r, Clock.systemUTC()));
            List<CacheMetrics> all = new ArrayList<>(List.of(quotaCache, images, stagingPools));
            all.addAll(containerCaches.metrics());
            // Its own thread: a Redis that does not answer holds it for the timeout, not the fleet's tick.
            ScheduledExecutorService cacheScheduler =
                    Executors.newSingleThreadScheduledExecutor(daemon("fleetdeck-caches"));
            return new CacheParts(
                    connector,
                    monitor,
                    cacheScheduler,
                    new CacheWatch(
                            new CacheRegistry(all, monitor, Clock.systemUTC()),
                            new CacheHistory(cacheTuning.historyLength()),
                            cacheTuning.sampleInterval(),
                            cacheScheduler));
        });
        // --- drain: the tick only wakes drains; their steps run on the launch pool ---
        this.drainBackends = drainBackends;
        // Built by the commands that drain, cordon or read the audit log, and by the window and the
        // keeper (which resume drains): they are also the processes that replicate the audit log.
        this.drains = Lazy.of(() -> {
            if (drainBackends.audit() instanceof ReplicatedAuditLog replicatedAudit) {
                // Entries written while Redis was away go to the team's stream as soon as it is back.
                // replicate() catches its own failures; closing the scheduler ends it.
                var unusedAuditReplication =
                        scheduler.scheduleWithFixedDelay(replicatedAudit::replicate, 5, 5, TimeUnit.SECONDS);
            }
            DrainService service = new DrainService(
                    fleet,
                    adminStates,
                    drainBackends.store(),
                    drainBackends.lease(),
                    drainBackends.audit(),
                    new SessionNotices(config.workspaces(), SessionNotices.DEFAULT_LIMIT, Clock.systemUTC()),
                    new MaintenanceHook(),
                    scheduler,
                    launchPool,
                    Clock.systemUTC(),
                    Operator.current(),
                    DrainLeaseSetting.timing(System.getenv(DrainLeaseSetting.VARIABLE), problems),
                    problems);
            service.addListener(new DrainTasks(progress, service));
            return service;
        });
        // Staging pools of the catalog (poolSize > 0): ready sessions kept topped up for any zone.
        // One pool per pooled type and zone. A pool not defined here has size 0: the keeper removes
        // what an earlier configuration staged for it.
        for (WorkspaceType ws : config.workspaces()) {
            for (String zone : zones()) {
                if (ws.poolSizeIn(zone) > 0) {
                    stagingPools.define(new StagingPool(zone, ws.name(), ws.poolSizeIn(zone), ws.poolMaxAge()));
                }
            }
        }
        this.keeperParts = Lazy.of(() -> {
            // --- staging pools: refills block on readiness, so their own thread ---
            ScheduledExecutorService poolScheduler =
                    Executors.newSingleThreadScheduledExecutor(daemon("fleetdeck-pools"));
            PoolKeeper keeper = new PoolKeeper(
                    stagingPools,
                    launcher,
                    poolScheduler,
                    Clock.systemUTC(),
                    problems,
                    line -> keeperActions.forEach(a -> a.accept(line)),
                    launchPool);
            // Renewed on its own thread: a refill waiting for readiness must not let the lease lapse.
            ScheduledExecutorService leaseScheduler =
                    Executors.newSingleThreadScheduledExecutor(daemon("fleetdeck-keeper-lease"));
            KeeperLease lease = new KeeperLease(
                    drainBackends.lease(),
                    Operator.current().id(),
                    s.keeperLease(),
                    leaseScheduler,
                    line -> keeperActions.forEach(a -> a.accept(line)),
                    keeper::refillSoon);
            keeper.onlyWhile(lease::held);
            // Started by the window or the keeper (startPools): a one-shot command must not stage sessions.
            return new KeeperParts(poolScheduler, keeper, leaseScheduler, lease);
        });
        // Who keeps the pools is read from the lease store when a status asks.
        stagingPools.keptBy(() -> keeperLease().holder());
        this.imageParts = Lazy.of(() -> {
            ImageInventory inventory = new ImageInventory(
                    fleet,
                    () -> config.workspaces().stream()
                            .map(WorkspaceType::image)
                            .distinct()
                            .toList());
            ImageCopier copier = new ImageCopier(fleet, images, System::nanoTime);
            ImagePuller puller = new ImagePuller(fleet, new ImageRegistry(s.registry()), images, System::nanoTime);
            // Its own thread: a round may copy gigabytes for minutes, and pool refills must not wait for it.
            ScheduledExecutorService prePullScheduler =
                    Executors.newSingleThreadScheduledExecutor(daemon("fleetdeck-prepull"));
            return new ImageParts(
                    inventory,
                    copier,
                    puller,
                    new ImageDistributor(inventory, puller, copier, prePullScheduler, problems, progress),
                    prePullScheduler);
        });
    }

    /**
     * Builds every part that is otherwise built on first use: the window uses them all, and its
     * views must find them built rather than build them (a Redis client, a store) on the FX thread.
     */
    public void buildAll() {
        caches();
        drains();
        history();
        keeperLease();
        imageDistributor();
    }

    /**
     * Pre-pulls every workspace image to every agent on the schedule of {@code settings: prePull},
     * when set; the window calls it, one-shot commands do not. Off by default: a round may move
     * gigabytes, which is an operator's decision.
     */
    public void startPrePull() {
        config.settings().prePullEvery().ifPresent(imageDistributor()::start);
    }

    /**
     * Asks for the keeper lease and, while this process holds it, keeps the fleet's staging pools
     * (refill, expiry, removal); the window and {@code fleetdeck keeper} call it, one-shot commands
     * do not. A round every five seconds is cheap when the pools are full (one read of the store).
     */
    public void startPools() {
        keeperLease().start();
        poolKeeper().start(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /** Told one line per keeper action: lease taken or lost, session staged or removed. */
    public void onKeeperAction(Consumer<String> action) {
        keeperActions.add(action);
    }

    /**
     * Whether there is anything for a keeper: a staging pool or the scheduled pre-pull configured,
     * or staged sessions an earlier configuration left (the keeper removes them).
     */
    public boolean somethingToKeep() {
        return config.workspaces().stream().anyMatch(WorkspaceType::pooled)
                || config.settings().prePullEvery().isPresent()
                || !stagingPools.available().isEmpty();
    }

    /**
     * Evaluates the alert rules and delivers their alerts, in whichever process of the fleet holds
     * the alerts lease (a keeper, else a window); others skip their turn. Each action is one line to
     * {@code lines}. One-shot commands do not call it.
     */
    public synchronized void startAlerts(Consumer<String> lines) {
        if (alertWatch != null) {
            return;
        }
        FleetConfig.Settings s = config.settings();
        List<AlertSink> sinks = new ArrayList<>();
        for (int i = 0; i < config.alerts().webhooks().size(); i++) {
            sinks.add(WebhookSink.of(i + 1, config.alerts().webhooks().get(i), Json.mapper()));
        }
        config.alerts().alertmanager().ifPresent(u -> sinks.add(AlertmanagerSink.of(u, Json.mapper())));
        AnalysisOptions analysis = AnalysisOptions.defaults()
                .withCatalog(config.workspaces())
                .withThresholds(config.alerts().avgWarningMs(), config.alerts().failureRateCritical());
        FleetFactsSource facts = new FleetFactsSource(
                fleet::current,
                startupStore,
                analysis,
                drainBackends.store(),
                stagingPools::status,
                type -> config.workspace(type).map(Launcher::readyTimeout).orElse(Duration.ofMinutes(2)),
                this::redisDown,
                config.alerts().checkEvery(),
                Clock.systemUTC(),
                problems,
                diskBudget);
        // Its own thread: reading a day of startup records must not hold up the fleet's tick.
        alertScheduler = Executors.newSingleThreadScheduledExecutor(daemon("fleetdeck-alerts"));
        alertWatch = new AlertWatch(
                new AlertRules(config.alerts(), s.ramCriticalPercent()),
                facts,
                alertStore,
                sinks,
                drainBackends.lease(),
                Operator.current().id(),
                Duration.ofSeconds(30),
                alertScheduler,
                Clock.systemUTC(),
                lines,
                book -> alertListeners.forEach(l -> l.accept(book)));
        alertWatch.start(s.refreshInterval());
    }

    /**
     * Leaves each fleet reading for the other processes of the fleet ({@code fleetdeck agents}
     * prints it instead of reading every engine); the window and the keeper call it, with the
     * fleet monitor. Processes take turns: one reading per refresh interval for the whole fleet.
     *
     * @param role what this process is to the reader ("keeper", "console")
     */
    public synchronized void publishFigures(String role) {
        if (figuresPublisher != null || shared.figures() == FleetFigures.NONE) {
            return;
        }
        // Its own thread: a Redis that does not answer holds it for the timeout, not the fleet's tick.
        figuresWriter = Executors.newSingleThreadExecutor(daemon("fleetdeck-figures"));
        figuresPublisher = new FiguresPublisher(
                shared.figures(),
                role + " " + Operator.current().id(),
                config.settings().refreshInterval(),
                figuresWriter,
                problems);
        fleet.addListener(figuresPublisher);
    }

    /**
     * The fleet's last reading another process published, while fresh and of this configuration's
     * agents; empty when there is none (or it cannot be read: the caller reads the agents itself).
     */
    public Optional<PublishedFleet> publishedFigures() {
        Optional<PublishedFleet> latest;
        try {
            latest = shared.figures().latest();
        } catch (IOException e) {
            problems.accept(e.getMessage() + "; reading the agents instead");
            return Optional.empty();
        }
        List<String> ours = config.agents().stream().map(AgentConfig::name).toList();
        return latest.filter(
                p -> p.agents().stream().map(AgentSnapshot::name).toList().equals(ours));
    }

    /** Reads every agent's disk use every {@code diskInterval}; the window and the keeper call it, with the fleet monitor. */
    public void startDiskWatch() {
        disk.start();
    }

    private Optional<String> redisDown() {
        // The cache watch reads Redis every few seconds; before its first reading (or with no watch
        // in this process) nothing is known.
        CacheReport latest = cacheParts.isBuilt() ? caches().latest() : null;
        return latest == null
                ? Optional.empty()
                : latest.redis().filter(r -> !r.available()).map(r -> r.error() == null ? "no answer" : r.error());
    }

    /**
     * Gets the alert book after every turn of this process's alert watch (evaluated here or read
     * from the fleet's evaluator), on the watch's thread; nothing before {@link #startAlerts}.
     */
    public void addAlertListener(Consumer<AlertBook> listener) {
        alertListeners.add(listener);
    }

    public void removeAlertListener(Consumer<AlertBook> listener) {
        alertListeners.remove(listener);
    }

    /** The shared record of alerts: what fires, what waits to be delivered. */
    public AlertStore alerts() {
        return alertStore;
    }

    /**
     * Keeps what this process's refreshes see in the history store, for as long as it runs; the
     * window and the keeper call it, one-shot commands do not.
     */
    public synchronized void recordHistory() {
        if (!recordingHistory) {
            recordingHistory = true;
            fleet.addListener(historyParts.get().recorder());
        }
    }

    /**
     * The demo fleet's past, from its seed: the agents' last 15 minutes in the monitor, an hour of
     * cache hit rates, and a month of history in the (in-memory) store, written on the history's
     * thread. Nothing on a real fleet.
     *
     * @return done when the month is in the store
     */
    public CompletableFuture<Void> prefillDemoHistory(long seed) {
        if (opened.sim() == null) {
            return CompletableFuture.completedFuture(null);
        }
        DemoHistory demo = new DemoHistory(opened.sim(), config.workspaces(), seed);
        Instant now = Instant.now();
        for (AgentConfig a : config.agents()) {
            demo.fillRecent(
                    a.name(), fleet.history(a.name()), now, config.settings().refreshInterval());
        }
        CacheHistory cacheHistory = caches().history();
        List<String> names =
                caches().registry().caches().stream().map(CacheMetrics::name).toList();
        demo.caches(names, now, cacheTuning.sampleInterval(), cacheHistory.capacity())
                .forEach(cacheHistory::prefill);
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        historyParts.get().store().record(demo.samples(now), now);
                    } catch (SQLException e) {
                        problems.accept("demo history: " + e.getMessage());
                    }
                },
                historyParts.get().writer());
    }

    /** Users coming and going on the demo fleet; nothing on a real one. */
    public synchronized void startDemoActivity(long seed) {
        if (opened.sim() != null && demoActivity == null) {
            demoActivity =
                    new DemoActivity(fleet, bulkLaunch, sessionControl, config.workspaces(), 40, seed, scheduler);
            demoActivity.start();
        }
    }

    /** Threads up to {@code size}, each ended after a minute idle: a pool that works every few minutes. */
    private static ExecutorService boundedPool(int size, String name) {
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(size, size, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), daemon(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Plays the demo story on the demo fleet (once; later calls return the same player); nothing
     * on a real one. Its actions run on a thread of their own, made only for a story.
     */
    public synchronized Optional<StoryPlayer> startStory(long seed) {
        if (opened.sim() != null && story == null) {
            storyThread = Executors.newSingleThreadScheduledExecutor(daemon("fleetdeck-story"));
            Map<String, List<String>> byZone = new TreeMap<>();
            config.agents()
                    .forEach(a -> byZone.computeIfAbsent(a.zone(), z -> new ArrayList<>())
                            .add(a.name()));
            story = new StoryPlayer(
                    DemoStory.script(seed, byZone),
                    new SimulatedStage(
                            opened.sim(),
                            fleet,
                            bulkLaunch,
                            stagingPools,
                            drains(),
                            config.workspaces(),
                            zones(),
                            SizingAdvice.NONE),
                    storyThread,
                    System::nanoTime,
                    problems);
            story.start();
        }
        return story();
    }

    /** The demo story playing, if {@link #startStory} started one. */
    public synchronized Optional<StoryPlayer> story() {
        return Optional.ofNullable(story);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public FleetConfig config() {
        return config;
    }

    public OpenedFleet opened() {
        return opened;
    }

    public String label() {
        return opened.label();
    }

    public boolean simulated() {
        return simulated;
    }

    public FleetMonitor fleet() {
        return fleet;
    }
    /** Each agent's last /system/df reading; {@link #startDiskWatch} keeps it fresh. */
    public DiskWatch disk() {
        return disk;
    }
    /** The sizing guide's disk budget and the thresholds. */
    public DiskBudget diskBudget() {
        return diskBudget;
    }

    public AdminStates adminStates() {
        return adminStates;
    }

    public Launcher launcher() {
        return launcher;
    }

    public BulkLaunch bulkLaunch() {
        return bulkLaunch;
    }

    public SessionControl sessionControl() {
        return sessionControl;
    }

    public StartupStore startupStore() {
        return startupStore;
    }
    /** The startup analysis over this fleet's catalog; give it {@link #startupStore()}. */
    public StartupAnalytics startupAnalytics() {
        return startupAnalytics;
    }

    public ImagePresence images() {
        return images;
    }

    public QuotaCache quotaCache() {
        return quotaCache;
    }

    public Optional<RedisLink> redis() {
        return Optional.ofNullable(redis);
    }

    public List<WorkspaceType> workspaces() {
        return config.workspaces();
    }

    public ExecutorService launchPool() {
        return launchPool;
    }

    public CacheWatch caches() {
        return cacheParts.get().watch();
    }

    public CacheTuning cacheTuning() {
        return cacheTuning;
    }
    /** Drains, cordons and the audit log; a console calls {@code drains().resumeAll()} once on start. */
    public DrainService drains() {
        return drains.get();
    }

    public StagingPools stagingPools() {
        return stagingPools;
    }

    public PoolKeeper poolKeeper() {
        return keeperParts.get().keeper();
    }

    public KeeperLease keeperLease() {
        return keeperParts.get().lease();
    }

    public ImageInventory imageInventory() {
        return imageParts.get().inventory();
    }

    public ImageCopier imageCopier() {
        return imageParts.get().copier();
    }

    public ImagePuller imagePuller() {
        return imageParts.get().puller();
    }

    public ImageDistributor imageDistributor() {
        return imageParts.get().distributor();
    }
    /** CPU and RAM over 1 h … 30 d: Prometheus's, else this machine's store. Blocking: call off the FX thread. */
    public HistoryService history() {
        return historyParts.get().service();
    }
    /** The sizing advisor over {@link #history()}. Blocking. */
    public SizingAdvisor sizing() {
        return historyParts.get().sizing();
    }
    /** The long work of this console now: the window's background-task list, a command's progress line. */
    public ProgressBoard progress() {
        return progress;
    }

    public List<String> zones() {
        return config.agents().stream()
                .map(AgentConfig::zone)
                .distinct()
                .sorted()
                .toList();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (demoActivity != null) {
                demoActivity.close();
            }
            if (story != null) {
                story.close();
                storyThread.shutdownNow();
            }
        }
        synchronized (this) {
            if (alertWatch != null) {
                alertWatch.close(); // its lease released: another process evaluates from its next turn
                alertScheduler.shutdownNow();
            }
        }
        drains.ifBuilt(DrainService::close); // leases released, drain state kept: the next console resumes
        keeperParts.ifBuilt(k -> {
            k.keeper().close();
            // The pools outlive this console: their staged sessions stay in the shared store for the next keeper.
            k.lease().close();
        });
        imageParts.ifBuilt(i -> i.distributor().close());
        disk.close();
        synchronized (this) {
            if (figuresPublisher != null) {
                fleet.removeListener(figuresPublisher);
                figuresWriter.shutdown(); // a write under way finishes; the reading stays for the others
            }
        }
        fleet.close();
        historyParts.ifBuilt(h -> fleet.removeListener(h.recorder()));
        cacheParts.ifBuilt(c -> c.watch().close());
        // The history's last write finishes rather than being cut: it is one transaction either way.
        historyParts.ifBuilt(h -> h.writer().shutdown());
        List<ExecutorService> pools = new ArrayList<>(List.of(scheduler, launchPool, refreshPool, diskReaders));
        cacheParts.ifBuilt(c -> pools.add(c.scheduler()));
        keeperParts.ifBuilt(k -> pools.addAll(List.of(k.scheduler(), k.leaseScheduler())));
        imageParts.ifBuilt(i -> pools.add(i.prePullScheduler()));
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
        }
        historyParts.ifBuilt(h -> pools.add(h.writer()));
        for (ExecutorService pool : pools) {
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (AgentEngine e : engines.values()) {
            try {
                e.close();
            } catch (IOException ignored) {
                // closing is best effort at exit
            }
        }
        historyStore.ifBuilt(LocalHistoryStore::close);
        cacheParts.ifBuilt(c -> {
            c.monitor().ifPresent(RedisServerMonitor::close);
            c.connector().ifPresent(RedisConnector::close);
        });
        try {
            startupStore.close();
        } catch (IOException ignored) {
            // the journal is written line by line; nothing is pending
        }
        if (redis != null) {
            redis.close();
        }
        shared.close();
        try {
            alertStore.close();
        } catch (IOException ignored) {
            // the book is written whole at every change; nothing is pending
        }
        try {
            drainBackends.close();
        } catch (IOException ignored) {
            // drain records are written line by line; nothing is pending
        }
    }
}
