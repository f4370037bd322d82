package dev.fleetdeck.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps every agent's snapshot fresh. Each tick starts a refresh of every agent whose previous
 * refresh has finished, so a slow or dead agent never piles up threads and never delays the
 * others; an agent whose refresh is overdue by two intervals is shown offline at once. Listeners
 * get one {@link FleetSnapshot} per tick: one batch, however many agents changed.
 *
 * <p>With a {@link HostMetricsSource}, each tick also starts one read of the whole fleet's host
 * figures (one Prometheus request), unless the previous read is still out; every snapshot carries
 * the latest answer, or Docker's figures with the reason when there is none or it is stale.
 */
public final class FleetMonitor implements AutoCloseable {
    private final Map<String, AgentMonitor> monitors = new LinkedHashMap<>();
    private final Map<String, MetricHistory> histories = new LinkedHashMap<>();
    private final Map<String, Instant> refreshStarted = new ConcurrentHashMap<>();
    private final List<Consumer<FleetSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Duration interval;
    private final int historyLength;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService refreshPool;
    private final Clock clock;
    private final HostMetricsSource hosts;
    private final DiskSource disks;
    private final AtomicBoolean hostReadOut = new AtomicBoolean();
    private volatile HostReadout hostReadout;
    private volatile FleetSnapshot current;
    private ScheduledFuture<?> ticking;

    /** One fleet-wide answer of the host source and when it arrived. */
    private record HostReadout(Map<String, HostMetrics> byAgent, Instant at) {}

    /**
     * @param historyLength readings kept per agent (15 minutes at the interval is the view's need)
     */
    public FleetMonitor(
            List<AgentMonitor> agents,
            Duration interval,
            int historyLength,
            ScheduledExecutorService scheduler,
            ExecutorService refreshPool,
            Clock clock) {
        this(agents, interval, historyLength, scheduler, refreshPool, clock, null);
    }

    /** @param hosts the fleet's host figures (Prometheus), or {@code null}: Docker's figures only */
    public FleetMonitor(
            List<AgentMonitor> agents,
            Duration interval,
            int historyLength,
            ScheduledExecutorService scheduler,
            ExecutorService refreshPool,
            Clock clock,
            HostMetricsSource hosts) {
        this(agents, interval, historyLength, scheduler, refreshPool, clock, hosts, null);
    }

    /**
     * @param disks each agent's latest disk reading, which its own watch reads every few minutes
     *              off this monitor's threads; {@code null}: none
     */
    public FleetMonitor(
            List<AgentMonitor> agents,
            Duration interval,
            int historyLength,
            ScheduledExecutorService scheduler,
            ExecutorService refreshPool,
            Clock clock,
            HostMetricsSource hosts,
            DiskSource disks) {
        this.hosts = hosts;
        this.disks = disks;
        for (AgentMonitor m : agents) {
            monitors.put(m.name(), m);
            histories.put(m.name(), new MetricHistory(historyLength));
        }
        this.interval = interval;
        this.historyLength = historyLength;
        this.scheduler = scheduler;
        this.refreshPool = refreshPool;
        this.clock = clock;
        this.current = snapshotNow();
    }

    public Duration interval() {
        return interval;
    }

    /** Readings kept per agent. */
    public int historyLength() {
        return historyLength;
    }

    public List<AgentMonitor> agents() {
        return List.copyOf(monitors.values());
    }

    public AgentMonitor agent(String name) {
        return monitors.get(name);
    }

    /** Whether disk figures are read, so views can make room for them. */
    public boolean readsDisk() {
        return disks != null;
    }

    /** Whether host figures are read (a Prometheus is configured), so views can make room for them. */
    public boolean readsHosts() {
        return hosts != null;
    }

    public FleetSnapshot current() {
        return current;
    }

    public MetricHistory history(String agent) {
        return histories.get(agent);
    }

    public void addListener(Consumer<FleetSnapshot> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<FleetSnapshot> listener) {
        listeners.remove(listener);
    }

    public synchronized void start() {
        if (ticking == null) {
            ticking = scheduler.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Refreshes every agent once and waits for all of them: the headless commands' way. */
    public FleetSnapshot refreshAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        if (hosts != null) {
            all.add(CompletableFuture.runAsync(this::readHosts, refreshPool));
        }
        for (AgentMonitor m : monitors.values()) {
            all.add(CompletableFuture.runAsync(() -> record(m, m.refresh(true)), refreshPool));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return publish();
    }

    void tick() {
        Instant now = clock.instant();
        if (hosts != null && hostReadOut.compareAndSet(false, true)) {
            refreshPool.execute(() -> {
                try {
                    readHosts();
                } finally {
                    hostReadOut.set(false);
                }
            });
        }
        for (AgentMonitor m : monitors.values()) {
            Instant started = refreshStarted.putIfAbsent(m.name(), now);
            if (started == null) {
                refreshPool.execute(() -> {
                    try {
                        record(m, m.refresh());
                    } finally {
                        refreshStarted.remove(m.name());
                    }
                });
            } else if (Duration.between(started, now).compareTo(interval.multipliedBy(2)) >= 0
                    && m.last().state() != AgentState.OFFLINE) {
                long seconds = Duration.between(started, now).toSeconds();
                m.markOffline(m.name() + ": no answer for " + seconds + " s");
            }
        }
        publish();
    }

    private void record(AgentMonitor m, AgentSnapshot s) {
        if (s.online()) {
            histories.get(m.name()).add(s.lastRefresh(), s.cpuPercent(), s.memPercent());
        }
    }

    private void readHosts() {
        Map<String, HostMetrics> read;
        try {
            read = Map.copyOf(hosts.read());
        } catch (RuntimeException e) {
            // The source turns every server fault into a reason; this is a bug, still never a frozen refresh.
            String reason = "host metrics failed: " + e;
            Map<String, HostMetrics> failed = new LinkedHashMap<>();
            monitors.keySet().forEach(name -> failed.put(name, HostMetrics.docker(reason)));
            read = failed;
        }
        hostReadout = new HostReadout(read, clock.instant());
    }

    /** The host metrics a snapshot of {@code agent} carries now. */
    private HostMetrics hostOf(String agent) {
        HostReadout readout = hostReadout;
        if (readout == null) {
            return HostMetrics.docker("waiting for Prometheus's first answer");
        }
        // A read is bounded by the source's timeout; an answer this old means reads stopped arriving.
        long age = Duration.between(readout.at(), clock.instant()).toSeconds();
        if (age > Math.max(10, interval.multipliedBy(5).toSeconds())) {
            return HostMetrics.docker("no answer from Prometheus for " + age + " s");
        }
        HostMetrics metrics = readout.byAgent().get(agent);
        return metrics == null ? HostMetrics.docker("Prometheus was not asked about this agent") : metrics;
    }

    private FleetSnapshot publish() {
        FleetSnapshot s = snapshotNow();
        current = s;
        for (Consumer<FleetSnapshot> l : listeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                // One broken listener must not stop the fleet from refreshing for the others.
                System.getLogger(FleetMonitor.class.getName())
                        .log(System.Logger.Level.WARNING, "fleet listener failed", e);
            }
        }
        return s;
    }

    private FleetSnapshot snapshotNow() {
        List<AgentSnapshot> list = new ArrayList<>(monitors.size());
        for (AgentMonitor m : monitors.values()) {
            AgentSnapshot s = hosts == null ? m.last() : m.last().withHost(hostOf(m.name()));
            list.add(disks == null ? s : s.withDisk(disks.of(m.name())));
        }
        return new FleetSnapshot(clock.instant(), list);
    }

    @Override
    public synchronized void close() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
        monitors.values().forEach(AgentMonitor::close);
        if (hosts != null) {
            hosts.close();
        }
    }
}
