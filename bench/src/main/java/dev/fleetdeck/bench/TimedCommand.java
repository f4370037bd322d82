package dev.fleetdeck.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command timed from outside: its wall time here and its CPU (user + system) from
 * {@code /usr/bin/time}, which counts the children a command starts too. One runner for every
 * bench that compares our commands with {@code docker}'s.
 */
final class TimedCommand {
    private TimedCommand() {}

    /** A command's wall time and the CPU its processes used, in ms. */
    record Timed(long wallMillis, long cpuMillis) {}

    /**
     * Runs {@code cmd} to its end.
     *
     * @param mustSucceed fail unless it exits 0; false where a non-zero exit is a figure too
     *                    ({@code fleetdeck agents} exits 1 with an agent offline)
     */
    static Timed run(List<String> cmd, Map<String, String> env, boolean mustSucceed) throws Exception {
        long t0 = System.nanoTime();
        long cpu = cpuOf(start(cmd, env), mustSucceed);
        return new Timed((System.nanoTime() - t0) / 1_000_000, cpu);
    }

    /** {@code docker stats --no-stream} on every agent of the bed at once: the issues' baseline. */
    static Timed dockerStatsNoStream(BenchBed bed, boolean mustSucceed) throws Exception {
        List<Process> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (String agent : bed.agentNames()) {
            all.add(start(
                    List.of(
                            "docker",
                            "-H",
                            bed.agents.get(agent).toString(),
                            "stats",
                            "--no-stream",
                            "--format",
                            "{{.ID}} {{.CPUPerc}} {{.MemUsage}}"),
                    Map.of()));
        }
        long cpu = 0;
        for (Process p : all) {
            cpu += cpuOf(p, mustSucceed);
        }
        return new Timed((System.nanoTime() - t0) / 1_000_000, cpu);
    }

    /** Starts {@code cmd} under {@code /usr/bin/time}, whose one line goes to the process's stderr. */
    private static Process start(List<String> cmd, Map<String, String> env) throws IOException {
        List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-f", "time %U %S"));
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Waits for the process; its CPU in ms from its /usr/bin/time line. */
    private static long cpuOf(Process p, boolean mustSucceed) throws Exception {
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("a timed command did not finish in 600 s");
        }
        if (mustSucceed && p.exitValue() != 0) {
            throw new IllegalStateException("a timed command exited " + p.exitValue() + ": " + err.strip());
        }
        long cpu = 0;
        for (String line : err.split("\n", -1)) {
            if (line.startsWith("time ")) {
                String[] f = line.split(" ", -1);
                cpu = Math.round((Double.parseDouble(f[1]) + Double.parseDouble(f[2])) * 1000);
            }
        }
        return cpu;
    }
}
