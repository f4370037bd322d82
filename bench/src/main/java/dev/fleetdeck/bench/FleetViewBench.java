package dev.fleetdeck.bench;

import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.DrainBackends;
import dev.fleetdeck.app.OpenedFleet;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.sim.SimulatedFleet;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.ui.shell.Page;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The console window on a simulated fleet of 200 agents and 5,000 sessions refreshed every 2 s,
 * wired as the application wires it ({@link Services} + {@link ConsoleUi}), shown under a display
 * (Xvfb). FX responsiveness: the latency of a {@code Platform.runLater} probe posted every 10 ms
 * from a background thread, and the gaps between frames (an {@link AnimationTimer}). Baseline in
 * the same run: the same probe on an empty window of the same size. Run with {@code -Xmx512m}.
 *
 * <pre>java -Xmx512m -cp … dev.fleetdeck.bench.FleetViewBench [seconds per phase] [agents] [sessions] [--profile]</pre>
 * (default 200 agents, 5,000 sessions).
 */
public final class FleetViewBench {
    private static final long MIB = 1L << 20;
    private static final int WIDTH = 1500;
    private static final int HEIGHT = 900;

    private FleetViewBench() {}

    /** What the FX thread measured during one phase. */
    private static final class Phase {
        final String name;
        final List<Long> probe = new ArrayList<>(); // ns, appended on the FX thread
        final List<Long> frames = new ArrayList<>(); // ns between AnimationTimer calls
        final List<Long> apply = new ArrayList<>(); // ns the view-models' snapshot handlers took on the FX thread
        long lastFrame;
        long snapshots;
        long applyStart;

        Phase(String name) {
            this.name = name;
        }
    }

    private static final AtomicReference<Phase> CURRENT = new AtomicReference<>();

    public static void main(String[] args) throws Exception {
        List<String> numbers =
                List.of(args).stream().filter(a -> !a.startsWith("--")).toList();
        int seconds = numbers.size() > 0 ? Integer.parseInt(numbers.get(0)) : 30;
        int agentCount = numbers.size() > 1 ? Integer.parseInt(numbers.get(1)) : 200;
        int sessionCount = numbers.size() > 2 ? Integer.parseInt(numbers.get(2)) : 5000;
        boolean profile = List.of(args).contains("--profile");
        System.out.println("machine: " + BenchBed.machine() + ", DISPLAY " + System.getenv("DISPLAY"));

        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false);
        HeapWatch heap = new HeapWatch();
        heap.start();

        // Probe and frame timer run through every phase.
        ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(FleetRefreshBench.daemon());
        // runs until the prober is shut down.
        var unused = prober.scheduleAtFixedRate(
                () -> {
                    long posted = System.nanoTime();
                    Platform.runLater(() -> {
                        Phase p = CURRENT.get();
                        if (p != null) {
                            p.probe.add(System.nanoTime() - posted);
                        }
                    });
                },
                10,
                10,
                TimeUnit.MILLISECONDS);
        FxWait.run(() -> new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                Phase p = CURRENT.get();
                if (p != null) {
                    if (p.lastFrame != 0) {
                        p.frames.add(t - p.lastFrame);
                    }
                    p.lastFrame = t;
                }
            }
        }.start());

        // Baseline: an empty window of the same size.
        Stage[] stage = new Stage[1];
        FxWait.run(() -> {
            stage[0] = new Stage();
            stage[0].setScene(new Scene(new StackPane(), WIDTH, HEIGHT));
            stage[0].setTitle("empty");
            stage[0].show();
        });
        Thread.sleep(2000);
        Phase baseline = measure("empty window (baseline)", seconds);
        long baselineHeap = heap.afterGcPeak();

        // The console on 200 agents × 5,000 sessions.
        List<WorkspaceType> catalog = List.of(
                new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 0.5, 512 * MIB, CpuAllocation.SHARES, 30),
                new WorkspaceType("vscode", "kasmweb/vscode:1.17.0", 0.5, 512 * MIB, CpuAllocation.SHARES, 35),
                new WorkspaceType("kali", "kasmweb/kali:1.17.0", 0.5, 512 * MIB, CpuAllocation.QUOTAS, 50));
        SimulatedFleet sim = new SimulatedFleet(
                agentCount, List.of("east", "west", "north", "south"), catalog, 42, System::nanoTime);
        sim.seedSessions(sessionCount);
        FleetConfig config = new FleetConfig(
                Optional.empty(),
                sim.agentConfigs(),
                Optional.empty(),
                catalog,
                new FleetConfig.Settings(
                        Duration.ofSeconds(2), Duration.ofSeconds(3), 85, 95, 10, Optional.empty(), Optional.empty()));
        Path journal = Files.createTempFile("fleetdeck-bench-", ".jsonl");
        Services services = new Services(
                new OpenedFleet(config, sim.engines(), "simulated " + agentCount + " × " + sessionCount, sim),
                new JournalStartupStore(journal, Json.mapper()),
                null,
                DrainBackends.open(
                        Optional.empty(), true, Files.createTempDirectory("fleetdeck-bench-"), Json.mapper()),
                p -> {});
        // Registered before the window's listeners: its runLater runs just before their handlers.
        services.fleet().addListener(s -> {
            Phase p = CURRENT.get();
            if (p != null) {
                p.snapshots++;
            }
            Platform.runLater(() -> {
                Phase q = CURRENT.get();
                if (q != null) {
                    q.applyStart = System.nanoTime();
                }
            });
        });
        // The monitor alone, the empty window still shown: what the refresh threads' CPU costs the
        // FX thread on two cores, without any view work.
        services.fleet().start();
        Thread.sleep(4000);
        Phase monitorOnly = measure("empty window + fleet monitor running, no views", seconds / 2);
        FxWait.run(() -> stage[0].close());

        ConsoleUi[] ui = new ConsoleUi[1];
        FxWait.run(() -> {
            ui[0] = new ConsoleUi(services, services.label());
            stage[0] = new Stage();
            ui[0].show(stage[0]);
        });
        // Registered after the window's listeners: its runLater runs just after their handlers.
        services.fleet()
                .addListener(s -> Platform.runLater(() -> {
                    Phase q = CURRENT.get();
                    if (q != null && q.applyStart != 0) {
                        q.apply.add(System.nanoTime() - q.applyStart);
                        q.applyStart = 0;
                    }
                }));
        Thread.sleep(6000); // first refreshes, first snapshot applied, JIT of the hot paths
        heap.reset();
        FxSampler sampler = profile ? new FxSampler() : null;
        Phase fleet = measure("console: Fleet page", seconds);
        FxWait.run(() -> {
            Page sessions = ui[0].window().pages().get(1);
            ui[0].window().show(sessions);
        });
        Thread.sleep(2000);
        Phase sessionsPhase = measure("console: Sessions page", seconds / 2);
        if (sampler != null) {
            sampler.stopSampling();
        }
        long consoleHeap = heap.afterGcPeak();
        long consoleUsedPeak = heap.usedPeak();
        FxWait.run(() -> {
            ui[0].close();
            stage[0].close();
        });
        services.close();
        prober.shutdownNow();
        heap.stopWatching();
        long sessionsShown = services.fleet().current().sessionCount();

        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "fleet: %d agents, %d sessions, refresh %s; phases of %d s (Sessions page %d s)%n",
                config.agents().size(),
                sessionsShown,
                config.settings().refreshInterval(),
                seconds,
                seconds / 2);
        System.out.println(
                "| phase | snapshots | probe p50 / p99 / max (ms) | frame gap p50 / p99 / max (ms) | frames | snapshot handlers on FX, median / max (ms) |");
        System.out.println("|---|---|---|---|---|---|");
        for (Phase p : List.of(baseline, monitorOnly, fleet, sessionsPhase)) {
            Stats pr = ms(p.probe);
            Stats fr = ms(p.frames);
            Stats ap = ms(p.apply);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %.2f / %.2f / %.1f | %.2f / %.2f / %.1f | %d | %s |%n",
                    p.name,
                    p.snapshots,
                    pr.median(),
                    pr.p(99),
                    pr.max(),
                    fr.median(),
                    fr.p(99),
                    fr.max(),
                    p.frames.size(),
                    ap.n() == 0 ? "—" : String.format(Locale.ROOT, "%.1f / %.1f", ap.median(), ap.max()));
        }
        System.out.println();
        for (Phase p : List.of(fleet, sessionsPhase)) {
            double p99 = ms(p.probe).p(99);
            System.out.printf(
                    Locale.ROOT,
                    "%s: probe p99 %.2f ms = %.2f× baseline (%.2f ms); goal p99 < 16 ms: %s%n",
                    p.name,
                    p99,
                    p99 / ms(baseline.probe).p(99),
                    ms(baseline.probe).p(99),
                    p99 < 16 ? "met" : "NOT met");
        }
        System.out.printf(
                Locale.ROOT,
                "heap (-Xmx %d MB): peak used after GC %d MB (baseline window %d MB); peak used incl. garbage %d MB; goal < 512 MB: %s%n",
                Runtime.getRuntime().maxMemory() >> 20,
                consoleHeap >> 20,
                baselineHeap >> 20,
                consoleUsedPeak >> 20,
                consoleHeap < 512 * MIB ? "met" : "NOT met");
        if (sampler != null) {
            sampler.print();
        }
        Files.deleteIfExists(journal);
        Platform.exit();
        System.exit(0);
    }

    private static Phase measure(String name, int seconds) throws InterruptedException {
        Phase p = new Phase(name);
        CURRENT.set(p);
        Thread.sleep(seconds * 1000L);
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            CURRENT.set(null);
            done.countDown();
        });
        done.await();
        System.out.printf(Locale.ROOT, "%s: %d probes, %d frames%n", name, p.probe.size(), p.frames.size());
        return p;
    }

    private static Stats ms(List<Long> nanos) {
        double[] v = new double[nanos.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = nanos.get(i) / 1e6;
        }
        return new Stats(v);
    }

    /** Heap used, sampled every 50 ms, and the heap pools' usage right after each GC. */
    private static final class HeapWatch extends Thread {
        private final AtomicLong usedPeak = new AtomicLong();
        private final AtomicLong afterGcPeak = new AtomicLong();
        private volatile boolean running = true;

        HeapWatch() {
            setDaemon(true);
            setName("heap-watch");
        }

        @Override
        public void run() {
            while (running) {
                usedPeak.accumulateAndGet(
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                long afterGc = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                        afterGc += pool.getCollectionUsage().getUsed();
                    }
                }
                afterGcPeak.accumulateAndGet(afterGc, Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void reset() {
            usedPeak.set(0);
            afterGcPeak.set(0);
        }

        long usedPeak() {
            return usedPeak.get();
        }

        long afterGcPeak() {
            return afterGcPeak.get();
        }

        void stopWatching() {
            running = false;
        }
    }

    /** A poor man's profiler: the FX thread's stack every 2 ms, counted by its topmost Fleetdeck frame. */
    private static final class FxSampler extends Thread {
        private final Map<String, Integer> byFrame = new HashMap<>();
        private final Map<String, Integer> byTop = new HashMap<>();
        private volatile boolean running = true;
        private int samples;
        private int busy;

        FxSampler() {
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long fx = -1;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("JavaFX Application Thread")) {
                    fx = t.getId();
                }
            }
            while (running) {
                ThreadInfo info = threads.getThreadInfo(fx, 64);
                if (info != null) {
                    samples++;
                    StackTraceElement[] st = info.getStackTrace();
                    boolean idle = (st.length > 0 && st[0].getMethodName().contains("_runLoop"))
                            || (st.length > 0
                                    && st[0].isNativeMethod()
                                    && st[0].getClassName().contains("gtk"));
                    if (!idle) {
                        busy++;
                        byTop.merge(
                                st.length == 0 ? "?" : st[0].getClassName() + "." + st[0].getMethodName(),
                                1,
                                Integer::sum);
                        for (StackTraceElement e : st) {
                            if (e.getClassName().startsWith("dev.fleetdeck")) {
                                byFrame.merge(e.getClassName() + "." + e.getMethodName(), 1, Integer::sum);
                                break;
                            }
                        }
                    }
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopSampling() {
            running = false;
        }

        void print() {
            System.out.printf(
                    Locale.ROOT,
                    "FX thread samples: %d, busy %d (%.1f %%)%n",
                    samples,
                    busy,
                    100.0 * busy / Math.max(1, samples));
            System.out.println("topmost Fleetdeck frame of busy samples:");
            byFrame.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(12)
                    .forEach(e -> System.out.printf(Locale.ROOT, "  %5d  %s%n", e.getValue(), e.getKey()));
            System.out.println("top of stack of busy samples:");
            byTop.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(12)
                    .forEach(e -> System.out.printf(Locale.ROOT, "  %5d  %s%n", e.getValue(), e.getKey()));
        }
    }
}
