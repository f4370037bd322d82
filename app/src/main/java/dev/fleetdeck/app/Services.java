package dev.fleetdeck.app;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.alert.AlertRules;
import dev.fleetdeck.alert.AlertSink;
import dev.fleetdeck.alert.AlertStore;
import dev.fleetdeck.alert.AlertWatch;
import dev.fleetdeck.alert.AlertmanagerSink;
import dev.fleetdeck.alert.FleetFactsSource;
import dev.fleetdeck.alert.WebhookSink;
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
import dev.fleetdeck.drain.DrainNotifier;
import dev.fleetdeck.drain.DrainService;
import dev.fleetdeck.drain.MaintenanceHook;
import dev.fleetdeck.drain.Operator;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.SessionControl;
import dev.fleetdeck.launch.BulkLaunch;
import dev.fleetdeck.launch.ImagePresence;
import dev.fleetdeck.image.ImageCopier;
import dev.fleetdeck.image.ImageDistributor;
import dev.fleetdeck.image.ImageInventory;
import dev.fleetdeck.image.ImagePuller;
import dev.fleetdeck.image.ImageRegistry;
import dev.fleetdeck.pool.PoolKeeper;
import dev.fleetdeck.pool.SessionClaims;
import dev.fleetdeck.pool.StagingPools;
import dev.fleetdeck.launch.InProcessQuotaCache;
import dev.fleetdeck.launch.Launcher;
import dev.fleetdeck.launch.Placement;
import dev.fleetdeck.launch.QuotaCheck;
import dev.fleetdeck.launch.Readiness;
import dev.fleetdeck.sim.DemoActivity;
import dev.fleetdeck.sim.SimulatedTimings;
import dev.fleetdeck.launch.QuotaCache;
import dev.fleetdeck.launch.RedisQuotaCache;
import dev.fleetdeck.store.RedisLink;
import dev.fleetdeck.store.ReplicatedStartupStore;
import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.startup.AnalysisOptions;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.store.StartupStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

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
    private final ExecutorService statsPool;
    private final ExecutorService launchPool;
    private final AdminStates adminStates = new AdminStates();
    private final FleetMonitor fleet;
    private final QuotaCache quotaCache;
    private final ImagePresence images;
    private final Launcher launcher;
    private final BulkLaunch bulkLaunch;
    private final SessionControl sessionControl;
    private final StartupStore startupStore;
    private DemoActivity demoActivity;
    private final RedisLink redis;
    // Caches: the container-info caches sit between every service and the engines.
    private final CacheTuning cacheTuning = CacheTuning.defaults();
    private final ContainerCaches containerCaches;
    private final Optional<RedisConnector> redisMonitorConnector;
    private final Optional<RedisServerMonitor> redisMonitor;
    private final ScheduledExecutorService cacheScheduler;
    private final CacheWatch caches;
    // --- drain (branch drain) ---
    private final DrainBackends drainBackends;
    private final DrainService drains;
    // --- staging pools and images (branch pools) ---
    private final SessionClaims sessionClaims = new SessionClaims();
    private final Consumer<String> problems;
    private final StagingPools stagingPools;
    private final PoolKeeper poolKeeper;
    private final ImageInventory imageInventory;
    private final ImageCopier imageCopier;
    private final ImagePuller imagePuller;
    private final ImageDistributor imageDistributor;
    private final ScheduledExecutorService poolScheduler;
    private final ScheduledExecutorService prePullScheduler;
    private final AlertStore alertStore;
    private AlertWatch alertWatch;
    private ScheduledExecutorService alertScheduler;

    /**
     * @param problems where background problems are told (log, status bar)
     */
    /**
     * @param redis  the shared Redis of the configuration, or {@code null} for the embedded default
     * @param drainBackends where drain state, leases and the audit log live
     */
    public Services(OpenedFleet opened, StartupStore startupStore, RedisLink redis, DrainBackends drainBackends,
                    AlertStore alertStore, Consumer<String> problems) {
        this.alertStore = alertStore;
        this.problems = problems;
        this.redis = redis;
        this.opened = opened;
        this.config = opened.config();
        this.simulated = opened.simulated();
        this.containerCaches = new ContainerCaches(cacheTuning.ttls(), Ticker.systemTicker());
        Map<String, AgentEngine> engines = new LinkedHashMap<>();
        opened.engines().forEach((agent, engine) -> engines.put(agent, containerCaches.wrap(agent, engine)));
        this.engines = engines;
        this.startupStore = startupStore;
        FleetConfig.Settings s = config.settings();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("fleetdeck-tick"));
        // Refreshes block on engines: one thread per agent at most, so a dead agent holds only its own.
        this.refreshPool = Executors.newFixedThreadPool(Math.max(1, Math.min(engines.size(), 64)), daemon("fleetdeck-refresh"));
        this.statsPool = Executors.newFixedThreadPool(simulated ? 1 : 16, daemon("fleetdeck-stats"));
        this.launchPool = Executors.newCachedThreadPool(daemon("fleetdeck-launch"));

        List<AgentMonitor> monitors = new ArrayList<>();
        for (AgentConfig a : config.agents()) {
            AgentEngine e = engines.get(a.name());
            monitors.add(new AgentMonitor(a, e, adminStates, statsPool, simulated ? 1 : 6, Clock.systemUTC(), sessionClaims));
        }
        int history = (int) Math.max(1, Duration.ofMinutes(15).toMillis() / s.refreshInterval().toMillis());
        this.fleet = new FleetMonitor(monitors, s.refreshInterval(), history, scheduler, refreshPool, Clock.systemUTC());
        this.quotaCache = redis != null
                ? new RedisQuotaCache(redis, Duration.ofSeconds(60), problems)
                : new InProcessQuotaCache(Duration.ofSeconds(60), Ticker.systemTicker());
        if (startupStore instanceof ReplicatedStartupStore replicated) {
            // Records written while Redis was away go over as soon as it is back.
            scheduler.scheduleWithFixedDelay(replicated::replicate, 5, 5, TimeUnit.SECONDS);
        }
        this.images = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
        Placement placement = new Placement(fleet, images, System::nanoTime, s.refreshInterval().multipliedBy(2).toNanos());
        this.stagingPools = new StagingPools(List.of(), sessionClaims, fleet, Clock.systemUTC(), System::nanoTime, problems);
        this.launcher = new Launcher(fleet, name -> config.workspace(name).orElse(null),
                new QuotaCheck(quotaCache, fleet, s.maxSessionsPerUser()), placement, images,
                new Readiness(System::nanoTime), startupStore, stagingPools, Clock.systemUTC(), System::nanoTime, problems);
        this.bulkLaunch = new BulkLaunch(launcher, launchPool);
        this.sessionControl = new SessionControl(fleet, Duration.ofSeconds(10));
        if (opened.sim() != null) {
            // The demo fleet takes its time like a real one, so its timelines look like real ones.
            for (AgentConfig a : config.agents()) {
                opened.sim().engine(a.name()).useTimings(SimulatedTimings.demo(), scheduler);
            }
        }

        this.redisMonitorConnector = config.redis().map(uri -> new RedisConnector(uri, s.agentTimeout()));
        this.redisMonitor = redisMonitorConnector.map(r -> RedisServerMonitor.of(r, Clock.systemUTC()));
        List<CacheMetrics> all = new ArrayList<>(List.of(quotaCache, images, stagingPools));
        all.addAll(containerCaches.metrics());
        // Its own thread: a Redis that does not answer holds it for the timeout, not the fleet's tick.
        this.cacheScheduler = Executors.newSingleThreadScheduledExecutor(daemon("fleetdeck-caches"));
        this.caches = new CacheWatch(new CacheRegistry(all, redisMonitor, Clock.systemUTC()),
                new CacheHistory(cacheTuning.historyLength()), cacheTuning.sampleInterval(), cacheScheduler);
        // --- drain (branch drain): the tick only wakes drains; their steps run on the launch pool ---
        this.drainBackends = drainBackends;
        this.drains = new DrainService(fleet, adminStates, drainBackends.store(), drainBackends.lease(),
                drainBackends.audit(), DrainNotifier.logging(), new MaintenanceHook(), scheduler, launchPool,
                Clock.systemUTC(), Operator.current(), DrainService.Timing.defaults(), problems);
        // --- staging pools and images (branch pools): refills block on readiness, so their own thread ---
        this.poolScheduler = Executors.newSingleThreadScheduledExecutor(daemon("fleetdeck-pools"));
        // Staging pools of the catalog (poolSize > 0): ready sessions kept topped up for any zone.
        for (WorkspaceType ws : config.workspaces()) {
            if (ws.poolSize() > 0) {
                stagingPools.define(new dev.fleetdeck.pool.StagingPool(null, ws.name(), ws.poolSize(), ws.poolMaxAge()));
            }
        }
        this.poolKeeper = new PoolKeeper(stagingPools, launcher, poolScheduler, Clock.systemUTC(), problems);
        // Started by the window (startPools): a one-shot command must not stage sessions.
        this.imageInventory = new ImageInventory(fleet,
                () -> config.workspaces().stream().map(WorkspaceType::image).distinct().toList());
        this.imageCopier = new ImageCopier(fleet, images, System::nanoTime);
        this.imagePuller = new ImagePuller(fleet, new ImageRegistry(s.registry()), images, System::nanoTime);
        // Its own thread: a round may copy gigabytes for minutes, and pool refills must not wait for it.
        this.prePullScheduler = Executors.newSingleThreadScheduledExecutor(daemon("fleetdeck-prepull"));
        this.imageDistributor = new ImageDistributor(imageInventory, imagePuller, imageCopier, prePullScheduler, problems);
    }

    /**
     * Pre-pulls every workspace image to every agent on the schedule of {@code settings: prePull},
     * when set; the window calls it, one-shot commands do not. Off by default: a round may move
     * gigabytes, which is an operator's decision.
     */
    public void startPrePull() {
        config.settings().prePullEvery().ifPresent(imageDistributor::start);
    }

    /** Keeps the configured staging pools topped up; the window calls it, one-shot commands do not. */
    public void startPools() {
        if (!stagingPools.pools().isEmpty()) {
            poolKeeper.start(Duration.ofSeconds(30));
        }
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
        AnalysisOptions analysis = AnalysisOptions.defaults().withCatalog(config.workspaces())
                .withThresholds(config.alerts().avgWarningMs(), config.alerts().failureRateCritical());
        FleetFactsSource facts = new FleetFactsSource(fleet::current, startupStore, analysis, drainBackends.store(),
                stagingPools::status, type -> config.workspace(type).map(Launcher::readyTimeout).orElse(Duration.ofMinutes(2)),
                this::redisDown, config.alerts().checkEvery(), Clock.systemUTC(), problems);
        // Its own thread: reading a day of startup records must not hold up the fleet's tick.
        alertScheduler = Executors.newSingleThreadScheduledExecutor(daemon("fleetdeck-alerts"));
        alertWatch = new AlertWatch(new AlertRules(config.alerts(), s.ramCriticalPercent()), facts, alertStore, sinks,
                drainBackends.lease(), Operator.current().id(), Duration.ofSeconds(30), alertScheduler, Clock.systemUTC(),
                lines);
        alertWatch.start(s.refreshInterval());
    }

    private Optional<String> redisDown() {
        // The cache watch reads Redis every few seconds; before its first reading nothing is known.
        CacheReport latest = caches.latest();
        return latest == null ? Optional.empty()
                : latest.redis().filter(r -> !r.available()).map(r -> r.error() == null ? "no answer" : r.error());
    }

    /** The shared record of alerts: what fires, what waits to be delivered. */
    public AlertStore alerts() {
        return alertStore;
    }

    /** Users coming and going on the demo fleet; nothing on a real one. */
    public synchronized void startDemoActivity(long seed) {
        if (opened.sim() != null && demoActivity == null) {
            demoActivity = new DemoActivity(fleet, bulkLaunch, sessionControl, config.workspaces(), 40, seed, scheduler);
            demoActivity.start();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public FleetConfig config() { return config; }
    public OpenedFleet opened() { return opened; }
    public String label() { return opened.label(); }
    public boolean simulated() { return simulated; }
    public FleetMonitor fleet() { return fleet; }
    public AdminStates adminStates() { return adminStates; }
    public Launcher launcher() { return launcher; }
    public BulkLaunch bulkLaunch() { return bulkLaunch; }
    public SessionControl sessionControl() { return sessionControl; }
    public StartupStore startupStore() { return startupStore; }
    public ImagePresence images() { return images; }
    public QuotaCache quotaCache() { return quotaCache; }
    public java.util.Optional<RedisLink> redis() { return java.util.Optional.ofNullable(redis); }
    public List<WorkspaceType> workspaces() { return config.workspaces(); }
    public ExecutorService launchPool() { return launchPool; }
    public CacheWatch caches() { return caches; }
    public CacheTuning cacheTuning() { return cacheTuning; }
    /** Drains, cordons and the audit log; a console calls {@code drains().resumeAll()} once on start. */
    public DrainService drains() { return drains; }
    public StagingPools stagingPools() { return stagingPools; }
    public PoolKeeper poolKeeper() { return poolKeeper; }
    public ImageInventory imageInventory() { return imageInventory; }
    public ImageCopier imageCopier() { return imageCopier; }
    public ImagePuller imagePuller() { return imagePuller; }
    public ImageDistributor imageDistributor() { return imageDistributor; }

    public List<String> zones() {
        return config.agents().stream().map(AgentConfig::zone).distinct().sorted().toList();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (demoActivity != null) {
                demoActivity.close();
            }
        }
        synchronized (this) {
            if (alertWatch != null) {
                alertWatch.close(); // its lease released: another process evaluates from its next turn
                alertScheduler.shutdownNow();
            }
        }
        drains.close(); // leases released, drain state kept: the next console resumes
        poolKeeper.close();
        imageDistributor.close();
        // Unclaimed staged sessions are known to this console only: no later one may hand them out.
        poolKeeper.drainPools();
        fleet.close();
        caches.close();
        for (ExecutorService pool : List.of(scheduler, launchPool, refreshPool, statsPool, cacheScheduler, poolScheduler, prePullScheduler)) {
            pool.shutdownNow();
        }
        for (ExecutorService pool : List.of(scheduler, launchPool, refreshPool, statsPool, cacheScheduler, poolScheduler, prePullScheduler)) {
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
        redisMonitor.ifPresent(RedisServerMonitor::close);
        redisMonitorConnector.ifPresent(RedisConnector::close);
        try {
            startupStore.close();
        } catch (IOException ignored) {
            // the journal is written line by line; nothing is pending
        }
        if (redis != null) {
            redis.close();
        }
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
