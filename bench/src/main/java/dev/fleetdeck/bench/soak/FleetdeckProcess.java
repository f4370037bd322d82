package dev.fleetdeck.bench.soak;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One long-running process of the built app, started as the launcher starts the window: the
 * keeper or a console window. It can be killed (SIGKILL, as a crash) and started again; each start
 * is a new incarnation with its own pid, whose samples the leak check keeps apart. An incarnation
 * is <em>up</em> once a thread it starts only when it serves is running (seen from outside, in
 * {@code /proc/PID/task/}): on a loaded machine a JVM takes minutes to open its services and
 * window, and the leak check's warm-up counts from then, not from the start.
 */
final class FleetdeckProcess {
    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    /** The start of a thread name, as {@code /proc} shows it (15 characters at most), that tells it is up. */
    private final String upThread;

    private Process process;
    private long startedAtMs;
    /** When this incarnation was first seen up; 0 until then. */
    private long upAtMs;

    private int incarnation;
    /** Between a kill the soak meant and the next start: not running is then no failure. */
    private boolean meantDown;
    /** Each incarnation's start, end (0 while it runs) and when it was up (0 until then), in ms. */
    private final List<long[]> lives = new ArrayList<>();

    /** @param jvm {@code java}, its options and the main class, as the launcher starts it ({@code CommandJvm}) */
    FleetdeckProcess(
            String name, List<String> jvm, List<String> args, Map<String, String> env, Path log, String upThread) {
        this.name = name;
        this.upThread = upThread;
        List<String> cmd = new ArrayList<>(jvm);
        // A bounded heap as an operator's desktop would give it: a leak shows as growth, not as a huge
        // heap. Before the main class (the last of jvm): the JVM takes the last -Xmx it is given.
        cmd.add(cmd.size() - 1, "-Xmx256m");
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
        this.env = Map.copyOf(env);
        this.log = log;
    }

    String name() {
        return name;
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        meantDown = false;
        startedAtMs = System.currentTimeMillis();
        upAtMs = 0;
        lives.add(new long[] {startedAtMs, 0, 0});
        incarnation++;
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized long startedAtMs() {
        return startedAtMs;
    }

    /** The running incarnation at one moment; {@code upAtMs} 0 while not up. */
    record Life(long pid, int incarnation, long startedAtMs, long upAtMs) {}

    /** The running incarnation now, or null when none runs. */
    synchronized Life life() {
        return alive() ? new Life(process.pid(), incarnation, startedAtMs, upAtMs()) : null;
    }

    /** When this incarnation was first seen up, looking now if it has not been yet; 0 while it is not. */
    synchronized long upAtMs() {
        if (upAtMs == 0 && process != null && process.isAlive() && hasThread(process.pid(), upThread)) {
            upAtMs = System.currentTimeMillis();
            lives.get(lives.size() - 1)[2] = upAtMs;
        }
        return upAtMs;
    }

    private static boolean hasThread(long pid, String prefix) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
                        return true;
                    }
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return false;
    }

    /** Why the process is not running when the soak did not stop it (it exited by itself), or null. */
    synchronized String unexpectedExit() {
        if (process == null || process.isAlive() || meantDown) {
            return null;
        }
        return name + " (pid " + process.pid() + ") exited by itself with code " + process.exitValue() + " (see " + log
                + ")";
    }

    synchronized int incarnation() {
        return incarnation;
    }

    /** SIGKILL, as a crash or the OOM killer: nothing of the process runs after it. */
    synchronized void kill() throws InterruptedException {
        meantDown = true;
        ended();
        if (process != null) {
            process.destroyForcibly();
            // Up to a minute: at load ~200 the kernel took over 10 s to tear down a killed window
            // (threads, hundreds of sockets), and the restart then found it "already running".
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM and wait, as an operator closes it; SIGKILL after {@code seconds}. Returns the exit code. */
    synchronized int stop(int seconds) throws InterruptedException {
        if (process == null) {
            return 0;
        }
        meantDown = true;
        ended();
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    private void ended() {
        if (!lives.isEmpty() && lives.get(lives.size() - 1)[1] == 0) {
            lives.get(lives.size() - 1)[1] = System.currentTimeMillis();
        }
    }

    /**
     * Whether one incarnation was up from at least {@code warmMs} before {@code fromMs} through
     * {@code toMs} (up, not started: at load 140 a window took ten minutes from its start to its
     * first refresh).
     */
    synchronized boolean ranThrough(long fromMs, long toMs, long warmMs) {
        return lives.stream().anyMatch(l -> l[2] != 0 && l[2] <= fromMs - warmMs && (l[1] == 0 || l[1] >= toMs));
    }

    Path log() {
        return log;
    }
}
