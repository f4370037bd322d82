package dev.fleetdeck.bench;

import dev.fleetdeck.app.ConsoleOptions;
import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.Wiring;
import dev.fleetdeck.ui.shell.Page;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The whole console on the demo fleet, left running like a presentation: the real wiring
 * ({@link Wiring#standard}), the demo activity launching and ending sessions, the views cycled every
 * 20 s. Watches for leaks and slow-downs over time: used heap right after a forced GC every 30 s,
 * live threads, and the FX thread's responsiveness (a {@code Platform.runLater} probe posted every
 * 10 ms, latency post→run) per minute. Baseline in the same run: the same probe on an empty stage
 * for 30 s before the console opens. Run under a display (Xvfb) with {@code -Xmx512m}.
 *
 * <pre>java -Xmx512m -cp … dev.fleetdeck.bench.DemoSoakBench [seconds=600] [baseline seconds=30]</pre>
 */
public final class DemoSoakBench {
    private static final long MIB = 1L << 20;
    private static final int TOUR_SECONDS = 20;
    private static final int SAMPLE_SECONDS = 30;

    /**
     * Probe latencies of one interval; appended on the FX thread only. Allocated in full before the
     * soak starts, so the bench's own bookkeeping does not add to the heap it is watching.
     */
    private static final class Bucket {
        final long[] probe;
        int n;
        int droppedForGc;
        int overflow;

        Bucket(int capacity) {
            probe = new long[capacity];
        }

        void add(long nanos) {
            if (n < probe.length) {
                probe[n++] = nanos;
            } else {
                overflow++;
            }
        }
    }

    /** One heap/thread sample. */
    private record Sample(double minute, long heapUsed, int threads, int sessions) {}

    private static final AtomicReference<Bucket> CURRENT = new AtomicReference<>();
    // Stall attribution: when the oldest unanswered probe is over 50 ms old, what the FX thread is doing.
    private static volatile long oldestPending = Long.MAX_VALUE;
    private static final Map<String, Integer> STALLS = new ConcurrentHashMap<>();
    // The forced GC stops the world; a probe that spans it measures our GC, not the UI, so it is dropped.
    private static volatile long gcStart = Long.MAX_VALUE;
    private static volatile long gcEnd = Long.MIN_VALUE;

    private DemoSoakBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int baselineSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        System.out.println("machine: " + BenchBed.machine() + ", DISPLAY " + System.getenv("DISPLAY"));

        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false);
        ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(FleetRefreshBench.daemon());
        // runs until the prober is shut down.
        var unused = prober.scheduleAtFixedRate(DemoSoakBench::probe, 10, 10, TimeUnit.MILLISECONDS);

        Thread fx = FxWait.value(Thread::currentThread);
        Thread sampler = new Thread(() -> sampleStalls(fx), "stall-sampler");
        sampler.setDaemon(true);
        sampler.start();

        // Baseline: the same probe with an empty stage of the window's size.
        Stage[] stage = new Stage[1];
        FxWait.run(() -> {
            stage[0] = new Stage();
            stage[0].setScene(new Scene(new StackPane(), 1500, 900));
            stage[0].setTitle("empty");
            stage[0].show();
        });
        Thread.sleep(2000);
        Sample before = sample(0, 0);
        Bucket baseline = measure(baselineSeconds);
        System.out.printf(
                Locale.ROOT,
                "baseline: heap after GC %d MB, %d threads, %s%n",
                before.heapUsed() / MIB,
                before.threads(),
                probeSummary(baseline));

        // The console as DemoWindowTest opens it: the real wiring on the demo fleet.
        Path data = Optional.ofNullable(System.getenv("FLEETDECK_DATA_DIR"))
                .map(Path::of)
                .orElse(Files.createTempDirectory("fleetdeck-soak"));
        Wiring wiring = Wiring.standard(Map.of("FLEETDECK_DATA_DIR", data.toString()), data, s -> o -> 0);
        Services services = wiring.services().open(new ConsoleOptions(Optional.empty(), true, 42), p -> {});
        services.startDemoActivity(42);
        ConsoleUi[] ui = new ConsoleUi[1];
        FxWait.run(() -> {
            ui[0] = new ConsoleUi(services, services.label());
            ui[0].show(stage[0]);
        });
        List<Page> pages = ui[0].window().pages();

        long t0 = System.nanoTime();
        List<Sample> samples;
        List<Bucket> minutes = new ArrayList<>();
        List<Bucket> ahead = new ArrayList<>();
        for (int m = 0; m < (seconds + 59) / 60; m++) {
            ahead.add(new Bucket(60 * 120));
        }
        List<Sample> samplesAhead = new ArrayList<>(seconds / SAMPLE_SECONDS + 2);
        samples = samplesAhead;
        samples.add(sample(0, services.fleet().current().sessionCount()));
        Bucket minute = ahead.get(0);
        CURRENT.set(minute);
        int page = 0;
        for (int s = 1; s <= seconds; s++) {
            Thread.sleep(Math.max(0, t0 + s * 1_000_000_000L - System.nanoTime()) / 1_000_000);
            if (s % TOUR_SECONDS == 0) {
                Page next = pages.get(++page % pages.size());
                Platform.runLater(() -> ui[0].window().show(next));
            }
            if (s % SAMPLE_SECONDS == 0) {
                samples.add(sample(s / 60.0, services.fleet().current().sessionCount()));
            }
            if (s % 60 == 0 || s == seconds) {
                minutes.add(minute);
                minute = minutes.size() < ahead.size() ? ahead.get(minutes.size()) : new Bucket(60 * 120);
                CURRENT.set(minute);
            }
        }
        CURRENT.set(null);

        report(before, baseline, samples, minutes);
        FxWait.run(() -> {
            ui[0].close();
            stage[0].close();
        });
        services.close();
        prober.shutdownNow();
        Platform.exit();
        System.exit(0);
    }

    private static void probe() {
        long posted = System.nanoTime();
        if (oldestPending == Long.MAX_VALUE) {
            oldestPending = posted;
        }
        Platform.runLater(() -> {
            long ran = System.nanoTime();
            oldestPending = Long.MAX_VALUE;
            Bucket b = CURRENT.get();
            if (b == null) {
                return;
            }
            if (posted <= gcEnd && ran >= gcStart) {
                b.droppedForGc++;
            } else {
                b.add(ran - posted);
            }
        });
    }

    /** Every 20 ms: if the FX thread has left a probe waiting over 50 ms, count where it is. */
    private static void sampleStalls(Thread fx) {
        while (true) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            long pending = oldestPending;
            if (CURRENT.get() != null && pending != Long.MAX_VALUE && System.nanoTime() - pending > 50_000_000L) {
                StackTraceElement[] st = fx.getStackTrace();
                String top = st.length == 0 ? "?" : st[0].getClassName() + "." + st[0].getMethodName();
                String ours = "(no Fleetdeck frame)";
                for (StackTraceElement e : st) {
                    if (e.getClassName().startsWith("dev.fleetdeck")) {
                        ours = e.getClassName() + "." + e.getMethodName();
                        break;
                    }
                }
                STALLS.merge(ours + "  <-  top " + top, 1, Integer::sum);
            }
        }
    }

    private static Bucket measure(int seconds) throws InterruptedException {
        Bucket b = new Bucket(seconds * 120);
        CURRENT.set(b);
        Thread.sleep(seconds * 1000L);
        CURRENT.set(null);
        Thread.sleep(100); // probes already posted land in b or nowhere
        return b;
    }

    /** Used heap right after a full GC, and the live threads. */
    private static Sample sample(double minute, int sessions) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        gcEnd = Long.MAX_VALUE;
        gcStart = System.nanoTime();
        memory.gc();
        long used = memory.getHeapMemoryUsage().getUsed();
        gcEnd = System.nanoTime();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf(
                Locale.ROOT,
                "t=%5.1f min  heap after GC %6.1f MB  threads %3d  sessions %3d%n",
                minute,
                used / (double) MIB,
                threads,
                sessions);
        return new Sample(minute, used, threads, sessions);
    }

    private static void report(Sample before, Bucket baseline, List<Sample> samples, List<Bucket> minutes) {
        System.out.println();
        System.out.println(
                "| minute | probes | probe p50 / p99 / max (ms) | heap after GC at end (MB) | threads at end | sessions |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.printf(
                Locale.ROOT,
                "| baseline (empty stage) | %d | %s | %.1f | %d | – |%n",
                baseline.n,
                probeCells(baseline),
                before.heapUsed() / (double) MIB,
                before.threads());
        for (int i = 0; i < minutes.size(); i++) {
            Bucket b = minutes.get(i);
            double end = i + 1;
            Sample at = samples.stream()
                    .filter(x -> x.minute() <= end + 1e-9)
                    .reduce((a, c) -> c)
                    .orElseThrow();
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %d | %s | %.1f | %d | %d |%n",
                    i + 1,
                    b.n,
                    probeCells(b),
                    at.heapUsed() / (double) MIB,
                    at.threads(),
                    at.sessions());
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        double half = last.minute() / 2;
        List<Sample> secondHalf =
                samples.stream().filter(x -> x.minute() >= half).toList();
        double slope = slopeMbPerMinute(secondHalf);
        double noise = secondHalf.stream()
                        .mapToDouble(x -> x.heapUsed() / (double) MIB)
                        .max()
                        .orElse(0)
                - secondHalf.stream()
                        .mapToDouble(x -> x.heapUsed() / (double) MIB)
                        .min()
                        .orElse(0);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "heap after GC: first %.1f MB, last %.1f MB; second-half slope %+.3f MB/min "
                        + "(%d samples, spread %.1f MB)%n",
                first.heapUsed() / (double) MIB,
                last.heapUsed() / (double) MIB,
                slope,
                secondHalf.size(),
                noise);
        System.out.printf(
                Locale.ROOT,
                "threads: first %d, last %d, max %d%n",
                first.threads(),
                last.threads(),
                samples.stream().mapToInt(Sample::threads).max().orElse(0));
        Bucket all = new Bucket(minutes.stream().mapToInt(m -> m.n).sum());
        minutes.forEach(m -> {
            for (int i = 0; i < m.n; i++) {
                all.add(m.probe[i]);
            }
            all.droppedForGc += m.droppedForGc;
            all.overflow += m.overflow;
        });
        System.out.printf(
                Locale.ROOT,
                "probe over the whole soak: %s; baseline %s; %d probes dropped for spanning a forced GC%n",
                probeSummary(all),
                probeSummary(baseline),
                all.droppedForGc);
        System.out.println(
                "FX thread while a probe waited > 50 ms (samples every 20 ms; first Fleetdeck frame <- top frame):");
        STALLS.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(15)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5d  %s%n", e.getValue(), e.getKey()));
    }

    /** Least-squares slope of heap (MB) against time (minutes). */
    static double slopeMbPerMinute(List<Sample> xs) {
        int n = xs.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = xs.stream().mapToDouble(Sample::minute).average().orElse(0);
        double my = xs.stream()
                .mapToDouble(x -> x.heapUsed() / (double) MIB)
                .average()
                .orElse(0);
        double num = 0;
        double den = 0;
        for (Sample x : xs) {
            num += (x.minute() - mx) * (x.heapUsed() / (double) MIB - my);
            den += (x.minute() - mx) * (x.minute() - mx);
        }
        return num / den;
    }

    private static String probeCells(Bucket b) {
        Stats s = ms(b);
        return String.format(Locale.ROOT, "%.2f / %.2f / %.1f", s.p(50), s.p(99), s.max());
    }

    private static String probeSummary(Bucket b) {
        return b.n + " probes" + (b.overflow > 0 ? " (+" + b.overflow + " not kept)" : "") + ", p50 / p99 / max "
                + probeCells(b) + " ms";
    }

    private static Stats ms(Bucket b) {
        double[] v = new double[b.n];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.probe[i] / 1e6;
        }
        return new Stats(v);
    }
}
