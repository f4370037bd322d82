package dev.fleetdeck.bench.soak;

import dev.fleetdeck.app.ConsoleOptions;
import dev.fleetdeck.app.Logging;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.Wiring;
import dev.fleetdeck.bench.CommandJvm;
import dev.fleetdeck.drain.DrainException;
import dev.fleetdeck.drain.DrainRecord;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.launch.LaunchRequest;
import dev.fleetdeck.launch.QuotaExceededException;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.ProcessRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * A compressed day of a fleet on the real test bed, with faults, checking that nothing is lost and
 * nothing leaks (issue 21). Each part is its own process: the three engines, the Redis Sentinel set,
 * {@code fleetdeck keeper}, a console window under Xvfb, and a second operator's CLI calls
 * ({@code cordon}/{@code enable}, {@code rolling-drain}); this process is the platform's API: it
 * launches sessions in waves through the launcher and ends them as its users would.
 *
 * <pre>FLEETDECK_TESTBED_DIR=… DISPLAY=:N java -cp "bench/target/classes:bench/target/lib/*" \
 *     dev.fleetdeck.bench.soak.SoakBench [MINUTES=30] [--short]</pre>
 *
 * Exits 1 on any loss, duplicate, orphan, leak or failed check; the last line is
 * {@code soak: L launches, F faults, X lost, D duplicated, O orphans, K leaks}.
 */
public final class SoakBench {
    /** Leak limits per hour of the last incarnation after warm-up; why these, see docs/benchmarks.md. */
    static final double THREADS_PER_HOUR = 12;

    static final double FDS_PER_HOUR = 24;
    static final double HEAP_MB_PER_HOUR = 24;
    static final double ENGINE_CONNECTIONS_PER_HOUR = 6;
    private static final Duration MIN_SPAN = Duration.ofMinutes(10);
    /** Samples over which each figure's floor is taken (3 to 7 minutes at a sample every one to two and a half). */
    private static final int FLOOR_WINDOW = 3;
    /**
     * A process is up once it reads its fleet: the refresh pool's threads ({@code fleetdeck-refresh-N}
     * in Services) start with the first refresh, after the services (and the window) are open.
     */
    private static final String UP_THREAD = "fleetdeck-refre";

    private static final int USERS = 400;
    /** How long a keeper or window must have been running before a fault to be expected to raise its alert. */
    private static final long EVALUATOR_WARM_MS = 90_000;

    private static final int POOL_EAST = 3;
    private static final int POOL_WEST = 2;

    private final SoakPlan plan;
    private final SoakBed bed;
    private final Path root;
    private final Path work;
    private final Path data;
    private final PrintStream out;
    private final SoakLedger ledger = new SoakLedger();
    private final Random random = new Random(21);
    /** When the day began (after the pools were first filled); the schedule counts from here. */
    private volatile long t0 = System.currentTimeMillis();

    private final AtomicBoolean day = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean(false);
    private final Map<String, List<Sampled>> samples = new HashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final PriorityBlockingQueue<Ending> endings = new PriorityBlockingQueue<>();
    private final AtomicInteger cliCalls = new AtomicInteger();
    /** How the launcher starts a command (C1 only, the class archive): what an operator's call costs. */
    private List<String> commandJvm = List.of();
    /** Dumps the threads of a CLI call that runs into its time limit (daemon threads: it never holds the JVM). */
    private final ScheduledExecutorService cliWatch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-cli-watch");
        t.setDaemon(true);
        return t;
    });

    /** A probe sample of one incarnation of a process; {@code upAtMs} 0: it was not up yet. */
    record Sampled(int incarnation, long startedAtMs, long upAtMs, ProcessProbe.Sample sample) {}

    /** A session its user will end at {@code atMs}; {@code retry}: an earlier try got no answer. */
    record Ending(long atMs, StartupRecord record, boolean retry) implements Comparable<Ending> {
        @Override
        public int compareTo(Ending o) {
            return Long.compare(atMs, o.atMs);
        }
    }

    private SoakBench(SoakPlan plan, SoakBed bed, Path root, Path work, PrintStream out) {
        this.plan = plan;
        this.bed = bed;
        this.root = root;
        this.work = work;
        this.data = work.resolve("data");
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        boolean shortForm = List.of(args).contains("--short");
        int minutes = shortForm ? 4 : 30;
        for (String a : args) {
            if (a.matches("[0-9]+")) {
                minutes = Integer.parseInt(a);
            } else if (!a.equals("--short")) {
                System.err.println("soak: unknown argument '" + a + "' — usage: SoakBench [MINUTES] [--short]");
                System.exit(2);
            }
        }
        if (minutes < 2) {
            System.err.println("soak: a run of " + minutes + " min is too short — give at least 2 minutes");
            System.exit(2);
        }
        Path root = Path.of(System.getProperty("fleetdeck.root", "."))
                .toAbsolutePath()
                .normalize();
        SoakBed bed = new SoakBed(root);
        Path work = bed.dir.resolve("soak");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SoakBench soak = new SoakBench(SoakPlan.of(Duration.ofMinutes(minutes), shortForm), bed, root, work, out);
        int code = soak.run();
        System.exit(code);
    }

    private void say(String line) {
        long s = (System.currentTimeMillis() - t0) / 1000;
        out.printf(Locale.ROOT, "[%02d:%02d] %s%n", s / 60, s % 60, line);
    }

    private int run() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            if (ci) {
                out.println("soak: DISPLAY is not set: the console window cannot start (under CI that is a failure)");
                return 1;
            }
            say("warning: DISPLAY is not set: no console window, no console faults");
        }
        Path jar = root.resolve("app/target/fleetdeck.jar");
        if (!Files.isRegularFile(jar)) {
            out.println("soak: " + jar + " is missing — build first: mvn -B -o -DskipTests package");
            return 2;
        }
        // As the launcher starts them (installer/package/launch.sh), not as `java -jar`: the window and
        // the keeper with C2, each command C1 only, all on this build's class archive (made here when
        // missing, so no call below pays for it).
        List<String> windowJvm = CommandJvm.line(root, "window");
        commandJvm = CommandJvm.line(root, "command");
        if (Files.exists(work)) {
            ProcessRun.run(List.of("umount", data.toString()), Map.of(), Duration.ofSeconds(20));
            ProcessRun.run(List.of("rm", "-rf", work.toString()), Map.of(), Duration.ofSeconds(60));
        }
        Files.createDirectories(data);
        Files.createDirectories(work.resolve("state"));
        // The data folder on a file system of its own, small enough to fill in a second.
        ProcessRun.run(
                        List.of("mount", "-t", "tmpfs", "-o", "size=48m", "fleetdeck-soak", data.toString()),
                        Map.of(),
                        Duration.ofSeconds(20))
                .requireSuccess();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("FLEETDECK_DATA_DIR", data.toString());
        env.put("XDG_STATE_HOME", work.resolve("state").toString());
        new Logging(work.resolve("state"), false).forCommand();
        AlertReceiver alerts = new AlertReceiver(Json.mapper());
        Path config = writeConfig(alerts);
        FleetdeckProcess keeper = new FleetdeckProcess(
                "keeper",
                windowJvm,
                List.of("--config", config.toString(), "keeper"),
                env,
                work.resolve("keeper.log"),
                UP_THREAD);
        boolean withConsole = display != null && !display.isBlank();
        FleetdeckProcess console = new FleetdeckProcess(
                "console",
                windowJvm,
                List.of("--config", config.toString()),
                env,
                work.resolve("console.log"),
                UP_THREAD);
        Services services = null;
        int code = 1;
        EngineSockets sockets = new EngineSockets(bed.socketPaths());
        try {
            Wiring wiring = Wiring.standard(env, Path.of(System.getProperty("user.home")), s -> null);
            Path problemsLog = work.resolve("launcher-problems.log");
            services = wiring.services()
                    .open(new ConsoleOptions(Optional.of(config), false, 42), p -> appendQuietly(problemsLog, p));
            services.fleet().start();
            enableAll(services);
            keeper.start();
            if (withConsole) {
                console.start();
            }
            say(String.format(
                    Locale.ROOT,
                    "soak of %d min (%s form) on %s: engines %s, Redis %s, keeper pid %d, console pid %d",
                    plan.length().toMinutes(),
                    plan.shortForm() ? "short" : "long",
                    bed.dir,
                    bed.agentNames(),
                    bed.sentinel,
                    keeper.pid(),
                    console.pid()));
            say(machine());
            code = day(services, keeper, withConsole ? console : null, alerts, sockets);
        } finally {
            day.set(false);
            stopQuietly(console);
            stopQuietly(keeper);
            if (services != null && !closed.get()) {
                removeSessions(services);
                services.close();
            }
            alerts.close();
            ProcessRun um = ProcessRun.run(List.of("umount", data.toString()), Map.of(), Duration.ofSeconds(30));
            if (um.exitCode() != 0) {
                out.println("soak: cannot unmount " + data + ": " + um.stderr().strip());
            }
        }
        return code;
    }

    private int day(
            Services services,
            FleetdeckProcess keeper,
            FleetdeckProcess console,
            AlertReceiver alerts,
            EngineSockets sockets)
            throws Exception {
        Instant runStart = Instant.ofEpochMilli(t0).minusSeconds(1);
        SoakCheck check = new SoakCheck(
                ledger,
                data.resolve("startups.jsonl"),
                bed,
                services,
                alerts,
                runStart,
                POOL_EAST + POOL_WEST,
                (from, to) -> keeper.ranThrough(from.toEpochMilli(), to.toEpochMilli(), EVALUATOR_WARM_MS)
                        || (console != null
                                && console.ranThrough(from.toEpochMilli(), to.toEpochMilli(), EVALUATOR_WARM_MS)));
        ProcessProbe probe = new ProcessProbe(sockets);
        FaultInjector faults =
                new FaultInjector(bed, keeper, console == null ? keeper : console, data, plan.faultHold());
        ExecutorService launchers = Executors.newFixedThreadPool(8);
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(3);
        List<Thread> parts = new ArrayList<>();
        waitForPools(services, 90);
        t0 = System.currentTimeMillis();
        long end = t0 + plan.length().toMillis();
        say("the day begins");

        // the timers run until shut down at the end.
        var unusedDrainLook = timers.scheduleWithFixedDelay(this::lookAtDrains, 0, 2, TimeUnit.SECONDS);
        var unusedSessionEnds =
                timers.scheduleWithFixedDelay(() -> endDueSessions(services), 500, 500, TimeUnit.MILLISECONDS);
        // When each incarnation is up, to the second or two: the leak check's warm-up counts from then.
        var unusedUps = timers.scheduleWithFixedDelay(
                () -> {
                    keeper.upAtMs();
                    if (console != null) {
                        console.upAtMs();
                    }
                },
                0,
                2,
                TimeUnit.SECONDS);
        var unusedMinutes =
                timers.scheduleWithFixedDelay(() -> minute(check, probe, keeper, console), 60, 60, TimeUnit.SECONDS);

        parts.add(start("soak-launches", () -> launchWaves(services, launchers, end)));
        parts.add(start("soak-faults", () -> faultSchedule(faults, console)));
        parts.add(start("soak-drains", this::drainSchedule));
        parts.add(start("soak-operator", () -> secondOperator(end)));
        for (Thread t : parts) {
            t.join(plan.length().toMillis() + Duration.ofMinutes(10).toMillis());
        }
        launchers.shutdown();
        launchers.awaitTermination(3, TimeUnit.MINUTES);
        timers.shutdownNow();
        timers.awaitTermination(1, TimeUnit.MINUTES);
        say("day over: " + ledger.launches().size() + " launches, "
                + ledger.faults().size() + " faults; settling 20 s");
        Thread.sleep(20_000);
        // A keeper replaces staged sessions of agents that drained meanwhile: give it a lease period or two.
        waitForStagedAtMost(services, POOL_EAST + POOL_WEST, 60);
        lookAtDrains();
        sampleProcesses(probe, keeper, console);
        SoakCheck.Report last = check.check(true, Duration.ZERO);
        for (String p : last.problems()) {
            say("  " + p);
        }
        say("final check: " + last.line());

        // Leaks: the last incarnation of each process, after warm-up.
        List<String> leakLines = new ArrayList<>();
        int leaks = leaks(leakLines);
        // Engine connections: every process of ours closes them when it ends.
        int keeperExit = keeper.stop(30);
        int consoleExit = console == null ? 0 : console.stop(30);
        removeSessions(services);
        services.close();
        closed.set(true);
        int selfHeld = sockets.heldBy(ProcessHandle.current().pid(), sockets.clientEnds());
        int open = sockets.clientEnds().size();
        leakLines.add(String.format(
                Locale.ROOT,
                "engine connections at the end: %d held by this process after closing its services,"
                        + " %d open to the engines after keeper (exit %d) and console (exit %d) stopped",
                selfHeld,
                open,
                keeperExit,
                consoleExit));
        if (selfHeld > 0 || open > 0) {
            leaks++;
        }
        leakLines.forEach(l -> say(l));
        report();
        problems.forEach(p -> say("problem: " + p));
        int other = last.stuck() + problems.size();
        if (other > 0) {
            say("soak: " + other + " further check(s) failed (above)");
        }
        out.printf(
                Locale.ROOT,
                "soak: %d launches, %d faults, %d lost, %d duplicated, %d orphans, %d leaks%n",
                last.launches(),
                ledger.faults().size(),
                last.lost(),
                last.duplicated(),
                last.orphans(),
                leaks);
        return last.clean() && leaks == 0 && other == 0 ? 0 : 1;
    }

    /**
     * The drain records as Redis holds them, finished ones too (the store's own listing leaves out
     * agents enabled again, and the next drain of an agent overwrites its record).
     */
    private void lookAtDrains() {
        try {
            List<DrainRecord> records = new ArrayList<>();
            for (String v : bed.redisHashValues("fleetdeck:drains")) {
                records.add(Json.mapper().readValue(v, DrainRecord.class));
            }
            ledger.sawDrains(records);
        } catch (IOException | RuntimeException e) {
            // Redis failing over: the next look sees them
        }
    }

    private void launchWaves(Services services, ExecutorService launchers, long end) {
        double owed = 0;
        long last = System.currentTimeMillis();
        while (day.get() && System.currentTimeMillis() < end) {
            long now = System.currentTimeMillis();
            owed += plan.launchRate(Duration.ofMillis(now - t0)) * (now - last) / 1000.0;
            last = now;
            while (owed >= 1) {
                owed -= 1;
                String user = "user-" + random.nextInt(USERS);
                String type = random.nextInt(10) < 7 ? "desk" : "term";
                // launchOne records its own outcome in the ledger.
                var unused = launchers.submit(() -> launchOne(services, type, user));
            }
            sleep(100);
        }
    }

    private void launchOne(Services services, String type, String user) {
        Instant asked = Instant.now();
        try {
            StartupRecord r = services.launcher().launch(new LaunchRequest(type, user, null, Map.of(), false), null);
            ledger.launched(new SoakLedger.Launch(asked, Instant.now(), r, null));
            if (r.ready()) {
                double mean = plan.meanSessionLife(Duration.between(Instant.ofEpochMilli(t0), asked))
                        .toMillis();
                long life = (long) (-Math.log(1 - random.nextDouble()) * mean);
                endings.add(new Ending(System.currentTimeMillis() + life, r, false));
            }
        } catch (QuotaExceededException e) {
            // the user has as many sessions as allowed: no launch happened, nothing is recorded
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            ledger.launched(new SoakLedger.Launch(asked, Instant.now(), null, e.toString()));
        }
    }

    /** Users ending their sessions: the container removed, as the platform's "delete session". */
    private void endDueSessions(Services services) {
        long now = System.currentTimeMillis();
        Ending e;
        while ((e = endings.peek()) != null && e.atMs() <= now) {
            endings.poll();
            StartupRecord r = e.record();
            AgentMonitor m = services.fleet().agent(r.agent());
            ledger.userEnded.put(r.sessionId(), Instant.now());
            try {
                m.engine().remove(r.containerId(), true);
            } catch (AgentEngine.EngineException ex) {
                String msg = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
                if (msg.contains("no such container") && e.retry()) {
                    continue; // the earlier try that got no answer (a paused engine) removed it once resumed
                }
                ledger.userEnded.remove(r.sessionId());
                if (msg.contains("no such container")) {
                    problems.add("session " + r.sessionId() + " on " + r.agent() + " was gone when its user ended it");
                } else {
                    endings.add(new Ending(now + 5000, r, true)); // the engine is down or paused: the user tries again
                }
            }
        }
    }

    private void faultSchedule(FaultInjector faults, FleetdeckProcess console) {
        for (SoakPlan.Timed t : plan.faults()) {
            if (!waitUntil(t0 + t.at().toMillis())) {
                return;
            }
            if (t.fault() == Fault.CONSOLE_KILLED && console == null) {
                say("fault skipped (no console): " + t.fault().label);
                continue;
            }
            try {
                say("fault: " + t.fault().label + " …");
                SoakLedger.FaultDone f = faults.inject(t.fault());
                ledger.faulted(f);
                say("fault done: " + t.fault().label + " on " + f.target() + " in "
                        + Duration.between(f.from(), f.to()).toSeconds() + " s"
                        + (f.detail().isEmpty() ? "" : " (" + f.detail() + ")"));
            } catch (Exception e) {
                problems.add("fault " + t.fault().label + " could not be done or undone: " + e.getMessage());
            }
        }
    }

    private void drainSchedule() {
        for (Duration at : plan.drains()) {
            if (!waitUntil(t0 + at.toMillis())) {
                return;
            }
            say("rolling drain of zone east (deadline " + plan.drainDeadline().toSeconds() + " s, then stop) …");
            ProcessRun r = cli(
                    Duration.ofSeconds(plan.drainDeadline().toSeconds() * 2 + 300),
                    "rolling-drain",
                    "--zone",
                    "east",
                    "--deadline",
                    plan.drainDeadline().toSeconds() + "s",
                    "--at-deadline",
                    "stop",
                    "--force",
                    "--reason",
                    "soak: patch day");
            String tail = lastLine(r.stdout() + "\n" + r.stderr());
            ledger.rollingDrain("exit " + r.exitCode() + ": " + tail);
            if (r.exitCode() != 0) {
                problems.add("rolling drain at +" + at.toSeconds() + " s exited " + r.exitCode() + ": " + tail);
            }
            say("rolling drain done: exit " + r.exitCode() + ": " + tail);
        }
    }

    /** A second operator in another terminal: cordons an agent for a while, then enables it again. */
    private void secondOperator(long end) {
        Random r = new Random(7);
        long every = plan.shortForm() ? 20_000 : 45_000;
        while (waitUntil(System.currentTimeMillis() + every) && System.currentTimeMillis() < end - 20_000) {
            String agent = bed.agentNames().get(r.nextInt(bed.agentNames().size()));
            act("cordon", agent);
            sleep(10_000);
            act("enable", agent);
        }
    }

    private void act(String action, String agent) {
        List<String> args = new ArrayList<>(List.of(action, agent));
        if (action.equals("cordon")) {
            args.addAll(List.of("--reason", "soak: second operator"));
        }
        ProcessRun r = cli(Duration.ofMinutes(2), args.toArray(String[]::new));
        ledger.acted(new SoakLedger.OperatorAction(
                Instant.now(), action, agent, r.exitCode(), lastLine(r.stdout() + "\n" + r.stderr())));
    }

    private ProcessRun cli(Duration limit, String... args) {
        // Marked, so that a call about to be killed for its time limit can be found and its threads dumped first.
        String mark = "-Dfleetdeck.soak.call=" + cliCalls.incrementAndGet();
        List<String> cmd = new ArrayList<>(commandJvm);
        cmd.add(cmd.size() - 1, mark);
        cmd.addAll(List.of("--config", work.resolve("fleet.yaml").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = Map.of(
                "FLEETDECK_DATA_DIR",
                data.toString(),
                "XDG_STATE_HOME",
                work.resolve("state").toString());
        Path dump = work.resolve("cli-hung-" + mark.substring(mark.indexOf('=') + 1) + ".txt");
        ScheduledFuture<?> watch =
                cliWatch.schedule(() -> dumpThreads(mark, dump), Math.max(1, limit.toSeconds() - 15), TimeUnit.SECONDS);
        ProcessRun r = ProcessRun.run(cmd, env, limit);
        watch.cancel(false);
        appendQuietly(
                work.resolve("cli.log"),
                String.join(" ", args) + " → exit " + r.exitCode() + "\n" + r.stdout() + r.stderr());
        return r;
    }

    /**
     * Has the CLI call marked {@code mark}, if it still runs, print its threads (SIGQUIT: the JVM
     * writes them to its own output, which cli.log keeps); jcmd took longer to start than the call
     * had left on a machine at load 140.
     */
    private static void dumpThreads(String mark, Path file) {
        ProcessHandle.allProcesses()
                .filter(h ->
                        h.info().arguments().map(a -> List.of(a).contains(mark)).orElse(false))
                .forEach(h -> {
                    ProcessRun q = ProcessRun.run(
                            List.of("kill", "-QUIT", Long.toString(h.pid())), Map.of(), Duration.ofSeconds(10));
                    appendQuietly(
                            file,
                            "pid " + h.pid() + " still running near its time limit: asked for its threads (kill -QUIT,"
                                    + " exit " + q.exitCode() + "); they are in cli.log");
                });
    }

    private void minute(SoakCheck check, ProcessProbe probe, FleetdeckProcess keeper, FleetdeckProcess console) {
        try {
            sampleProcesses(probe, keeper, console);
            SoakCheck.Report r = check.check(false, Duration.ofSeconds(60));
            say("check: " + r.line());
            for (String p : r.problems()) {
                say("  " + p);
            }
        } catch (Exception e) {
            say("check failed to run: " + e);
        }
    }

    private synchronized void sampleProcesses(ProcessProbe probe, FleetdeckProcess keeper, FleetdeckProcess console) {
        for (FleetdeckProcess p : console == null ? List.of(keeper) : List.of(keeper, console)) {
            String exited = p.unexpectedExit();
            if (exited != null && !problems.contains(exited)) {
                problems.add(exited);
                say("problem: " + exited);
            }
            FleetdeckProcess.Life life = p.life();
            if (life == null) {
                continue;
            }
            ProcessProbe.Sample s = probe.sample(life.pid());
            FleetdeckProcess.Life after = p.life();
            if (after == null || after.incarnation() != life.incarnation()) {
                continue; // killed (and started again) while sampled: the figures may mix two processes
            }
            List<Sampled> mine = samples.computeIfAbsent(p.name(), k -> new ArrayList<>());
            Sampled previous = mine.isEmpty() ? null : mine.get(mine.size() - 1);
            mine.add(new Sampled(after.incarnation(), after.startedAtMs(), after.upAtMs(), s));
            say(String.format(
                    Locale.ROOT,
                    "%s #%d pid %d: %d threads, %d fds, %.1f MB heap after GC, %d engine connections",
                    p.name(),
                    life.incarnation(),
                    life.pid(),
                    s.threads(),
                    s.fds(),
                    s.heapAfterGcMb(),
                    s.engineConnections()));
            if (previous != null && previous.incarnation() == life.incarnation()) {
                // Which pool or kind of descriptor moved since the last minute, to tell a fault's leak from filling.
                say("  " + p.name() + " since the last sample: "
                        + ProcessProbe.difference(previous.sample().kinds(), s.kinds()));
            }
        }
    }

    /** Slopes of the last incarnation of each process after warm-up, against the limits; returns how many exceed them. */
    private synchronized int leaks(List<String> lines) {
        int leaks = 0;
        for (Map.Entry<String, List<Sampled>> e : samples.entrySet()) {
            List<Sampled> all = e.getValue();
            if (all.isEmpty()) {
                continue;
            }
            int inc = all.get(all.size() - 1).incarnation();
            List<Sampled> mine =
                    all.stream().filter(s -> s.incarnation() == inc).toList();
            long up = mine.stream().mapToLong(Sampled::upAtMs).max().orElse(0);
            if (up == 0) {
                lines.add(
                        e.getKey() + " #" + inc + ": never seen up (no " + UP_THREAD + "… thread): no trend to judge");
                continue;
            }
            // Threads, descriptors and connections do not depend on history: judged after a short warm-up.
            List<Sampled> used = after(mine, up + plan.warmUp().toMillis());
            // The heap holds the history the process keeps: judged only once that is full.
            List<Sampled> heapUsed = after(mine, up + plan.historyWarmUp().toMillis()).stream()
                    .filter(s -> s.sample().heapAfterGcMb() >= 0)
                    .toList();
            String name = e.getKey() + " #" + inc;
            if (used.size() < 3) {
                lines.add(name + ": " + used.size() + " samples after warm-up: no trend to judge");
                continue;
            }
            long span = span(used);
            long heapSpan = heapUsed.size() < 3 ? 0 : span(heapUsed);
            // Judged on the floor of each figure (see Slope.floor); the raw slope is shown beside it.
            double threads = Slope.perHour(Slope.floor(points(used, s -> s.threads()), FLOOR_WINDOW));
            double fds = Slope.perHour(Slope.floor(points(used, s -> s.fds()), FLOOR_WINDOW));
            double conns = Slope.perHour(Slope.floor(points(used, s -> s.engineConnections()), FLOOR_WINDOW));
            double heap = Slope.perHour(Slope.floor(points(heapUsed, s -> s.heapAfterGcMb()), FLOOR_WINDOW));
            String raw = String.format(
                    Locale.ROOT,
                    "; raw slopes: threads %+.1f/h, fds %+.1f/h, engine connections %+.1f/h, heap %+.1f MB/h",
                    Slope.perHour(points(used, s -> s.threads())),
                    Slope.perHour(points(used, s -> s.fds())),
                    Slope.perHour(points(used, s -> s.engineConnections())),
                    Slope.perHour(points(heapUsed, s -> s.heapAfterGcMb())));
            boolean judged = span >= MIN_SPAN.toMillis();
            boolean heapJudged = heapSpan >= MIN_SPAN.toMillis();
            ProcessProbe.Sample first = used.get(0).sample();
            ProcessProbe.Sample lastS = used.get(used.size() - 1).sample();
            lines.add(String.format(
                    Locale.ROOT,
                    "%s, up %d s after its start, over %d min from %d min after up (floor slopes): threads %d→%d (%+.1f/h, limit %.0f),"
                            + " fds %d→%d (%+.1f/h, limit %.0f), engine connections %d→%d (%+.1f/h, limit %.0f)%s",
                    name,
                    (up - mine.get(0).startedAtMs()) / 1000,
                    span / 60_000,
                    plan.warmUp().toMinutes(),
                    first.threads(),
                    lastS.threads(),
                    threads,
                    THREADS_PER_HOUR,
                    first.fds(),
                    lastS.fds(),
                    fds,
                    FDS_PER_HOUR,
                    first.engineConnections(),
                    lastS.engineConnections(),
                    conns,
                    ENGINE_CONNECTIONS_PER_HOUR,
                    (judged ? "" : notJudged(span)) + raw));
            lines.add(
                    heapUsed.size() < 3
                            ? String.format(
                                    Locale.ROOT,
                                    "%s heap after GC: %d samples once its %d min of history filled: not judged",
                                    name,
                                    heapUsed.size(),
                                    plan.historyWarmUp().toMinutes())
                            : String.format(
                                    Locale.ROOT,
                                    "%s heap after GC over %d min from %d min after up (its history full):"
                                            + " %.1f→%.1f MB (floor %+.1f MB/h, limit %.0f)%s",
                                    name,
                                    heapSpan / 60_000,
                                    plan.historyWarmUp().toMinutes(),
                                    heapUsed.get(0).sample().heapAfterGcMb(),
                                    heapUsed.get(heapUsed.size() - 1).sample().heapAfterGcMb(),
                                    heap,
                                    HEAP_MB_PER_HOUR,
                                    heapJudged ? "" : notJudged(heapSpan)));
            lines.add(name + " from the first sample after warm-up to the last, by kind: "
                    + ProcessProbe.difference(first.kinds(), lastS.kinds()));
            if (judged) {
                leaks += (threads > THREADS_PER_HOUR ? 1 : 0)
                        + (fds > FDS_PER_HOUR ? 1 : 0)
                        + (conns > ENGINE_CONNECTIONS_PER_HOUR ? 1 : 0);
            }
            if (heapJudged) {
                leaks += heap > HEAP_MB_PER_HOUR ? 1 : 0;
            }
        }
        return leaks;
    }

    private static List<Sampled> after(List<Sampled> samples, long fromMs) {
        return samples.stream().filter(s -> s.sample().atMs() >= fromMs).toList();
    }

    private static long span(List<Sampled> used) {
        return used.get(used.size() - 1).sample().atMs() - used.get(0).sample().atMs();
    }

    private static String notJudged(long spanMs) {
        return " (not judged: " + spanMs / 60_000 + " min, under " + MIN_SPAN.toMinutes() + ")";
    }

    private static List<Slope.Point> points(List<Sampled> used, ToDoubleFunction<ProcessProbe.Sample> f) {
        return used.stream()
                .map(s -> new Slope.Point(s.sample().atMs(), f.applyAsDouble(s.sample())))
                .toList();
    }

    private void report() {
        say("faults:");
        for (SoakLedger.FaultDone f : ledger.faults()) {
            say(String.format(
                    Locale.ROOT,
                    "  %s on %s at +%d s for %d s %s",
                    f.fault().label,
                    f.target(),
                    Duration.between(Instant.ofEpochMilli(t0), f.from()).toSeconds(),
                    Duration.between(f.from(), f.to()).toSeconds(),
                    f.detail()));
        }
        say("rolling drains: " + ledger.rollingDrains());
        List<SoakLedger.OperatorAction> acts = ledger.operatorActions();
        long ok = acts.stream().filter(a -> a.exitCode() == 0).count();
        long hung = acts.stream().filter(a -> a.exitCode() < 0).count();
        say("second operator: " + acts.size() + " cordon/enable calls, " + ok + " done, " + (acts.size() - ok - hung)
                + " refused (e.g. the agent was draining), " + hung
                + " not finished within 2 min (killed; see cli.log)");
    }

    /**
     * The day starts with every agent enabled: an earlier run cut short, or an operator's call by hand
     * against the same Redis, can leave one cordoned or drained, and its launches would all fail
     * with "no agent can take" (seen in session 5).
     */
    private void enableAll(Services services) throws IOException, DrainException {
        services.adminStates().reload();
        for (String agent : bed.agentNames()) {
            boolean recorded =
                    services.drains().records().stream().anyMatch(r -> r.agent().equals(agent));
            if (services.adminStates().entry(agent).isPresent() || recorded) {
                services.drains().enable(agent);
                say(agent + " was left "
                        + services.adminStates()
                                .entry(agent)
                                .map(e -> e.state().toString())
                                .orElse("drain-recorded") + " by an earlier run or call: enabled for the day");
            }
        }
    }

    private void waitForPools(Services services, int seconds) {
        long until = System.currentTimeMillis() + seconds * 1000L;
        int staged = 0;
        while (System.currentTimeMillis() < until) {
            staged = stagedNow(services);
            if (staged >= POOL_EAST + POOL_WEST) {
                break;
            }
            sleep(1000);
        }
        say("staging pools: " + staged + " of " + (POOL_EAST + POOL_WEST) + " ready");
    }

    private void waitForStagedAtMost(Services services, int most, int seconds) {
        long until = System.currentTimeMillis() + seconds * 1000L;
        while (stagedNow(services) > most && System.currentTimeMillis() < until) {
            sleep(2000);
        }
    }

    private static int stagedNow(Services services) {
        int staged = 0;
        for (AgentMonitor m : services.fleet().agents()) {
            try {
                for (ContainerSummary c : m.engine().uncached().listContainers(false)) {
                    staged += "true".equals(c.labels().get(SessionLabels.STAGED)) ? 1 : 0;
                }
            } catch (AgentEngine.EngineException e) {
                // not answering: counted when it does
            }
        }
        return staged;
    }

    /** Every session container left on the engines (the keeper's staged ones too): the soak leaves none. */
    private void removeSessions(Services services) {
        for (AgentMonitor m : services.fleet().agents()) {
            try {
                for (ContainerSummary c : m.engine().uncached().listContainers(true)) {
                    if (c.labels().containsKey(SessionLabels.SESSION)) {
                        m.engine().remove(c.id(), true);
                    }
                }
            } catch (AgentEngine.EngineException e) {
                out.println("soak: cannot clean " + m.name() + ": " + e.getMessage());
            }
        }
    }

    private Path writeConfig(AlertReceiver alerts) throws IOException {
        StringBuilder y = new StringBuilder(
                "# Written by the soak (SoakBench): the test bed's three engines, its Sentinel set.\nagents:\n");
        List<String> names = bed.agentNames();
        for (int i = 0; i < names.size(); i++) {
            // Overrides: the day's sessions are counted against a bigger host than this machine, as the guide allows.
            y.append("  - name: ")
                    .append(names.get(i))
                    .append("\n    host: ")
                    .append(bed.agents.get(names.get(i)))
                    .append("\n    zone: ")
                    .append(i % 2 == 0 ? "east" : "west")
                    .append("\n    cpuOverride: 64\n    ramOverride: 64g\n");
        }
        y.append("redis: ").append(bed.sentinel).append('\n');
        y.append("workspaces:\n");
        y.append("  - { name: desk, image: 'fleetdeck/plain:1.0', cores: 0.25, memory: 64m, targetSeconds: 30,"
                + " poolSize: { east: " + POOL_EAST + ", west: " + POOL_WEST + " }, poolMaxAge: 1h }\n");
        y.append("  - { name: term, image: 'fleetdeck/plain:1.0', cores: 0.25, memory: 64m, targetSeconds: 30 }\n");
        y.append("settings: { refreshInterval: 2s, agentTimeout: 3s, maxSessionsPerUser: 3, keeperLease: 5s }\n");
        y.append("alerts: { offlineAfter: 3, webhooks: [ { url: '")
                .append(alerts.url())
                .append("' } ] }\n");
        Path config = work.resolve("fleet.yaml");
        Files.writeString(config, y);
        return config;
    }

    private static String machine() {
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).split(" ", -1)[0];
        } catch (IOException e) {
            load = "?";
        }
        return String.format(
                Locale.ROOT,
                "%d cores, JDK %s, load %s at the start (the machine is shared with other builds)",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"),
                load);
    }

    private boolean waitUntil(long atMs) {
        while (day.get() && System.currentTimeMillis() < atMs) {
            sleep(Math.min(500, Math.max(1, atMs - System.currentTimeMillis())));
        }
        return day.get();
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.start();
        return t;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n", -1);
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    private static void appendQuietly(Path file, String line) {
        try {
            Files.writeString(
                    file,
                    Instant.now() + " " + line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the launcher's problems are for reading later
        }
    }

    private static void stopQuietly(FleetdeckProcess p) {
        try {
            if (p.alive()) {
                p.stop(30);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
