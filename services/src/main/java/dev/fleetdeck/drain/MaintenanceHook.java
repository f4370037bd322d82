package dev.fleetdeck.drain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an operator's maintenance command for a drained agent (patch, reboot, ...): no shell, the
 * agent's name in {@code FLEETDECK_AGENT}, output captured (its tail kept), killed after a limit.
 */
public final class MaintenanceHook {
    private static final int KEEP_CHARS = 8_000;

    /** What the command did; {@code exitCode} is -1 when it was killed or could not start. */
    public record Result(int exitCode, boolean timedOut, String output, Duration took) {
        public boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }

        public String lastLine() {
            List<String> lines = output.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    public Result run(List<String> command, String agent, Duration limit) throws InterruptedException {
        long t0 = System.nanoTime();
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("FLEETDECK_AGENT", agent);
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, false, "cannot run " + command + ": " + e.getMessage(), Duration.ZERO);
        }
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> drain(p.getInputStream(), out), "fleetdeck-hook-" + agent);
        reader.setDaemon(true);
        reader.start();
        boolean done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            // the hook's children too: a patch script that forked must not outlive its limit
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        reader.join(2000);
        String text;
        synchronized (out) {
            text = out.toString();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new Result(done ? p.exitValue() : -1, !done, text, took);
    }

    private static void drain(InputStream in, StringBuilder out) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (out.length() > KEEP_CHARS) {
                        out.delete(0, out.length() - KEEP_CHARS);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended; what was read is kept
        }
    }
}
