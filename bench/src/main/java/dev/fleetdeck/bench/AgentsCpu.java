package dev.fleetdeck.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CPU the test bed's engines use, from /proc: every dockerd, containerd and containerd-shim
 * whose command line names this test bed's folder (their roots, sockets and configs are all under
 * it), so other test beds on the machine and the containers' own processes are not counted.
 */
final class AgentsCpu {
    private static final Set<String> ENGINE_COMMANDS =
            Set.of("dockerd", "containerd", "containerd-shim", "containerd-shim-runc-v2");
    /** USER_HZ: /proc/PID/stat counts clock ticks of 10 ms on Linux. */
    private static final double TICK_SECONDS = 0.01;

    private final String bedDir;

    AgentsCpu(Path bedDir) {
        this.bedDir = bedDir.toAbsolutePath().toString();
    }

    /** The engines' processes now. */
    List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                try {
                    String comm = Files.readString(p.resolve("comm"), StandardCharsets.UTF_8)
                            .strip();
                    if (!ENGINE_COMMANDS.contains(comm)) {
                        continue;
                    }
                    String cmdline = Files.readString(p.resolve("cmdline"), StandardCharsets.UTF_8);
                    if (cmdline.contains(bedDir + "/")) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        }
        return pids;
    }

    /** Cores the engines used on average over the next {@code seconds} (processes that came or went count for their part). */
    double coresOver(int seconds) throws IOException, InterruptedException {
        Map<Long, Long> before = ticks();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        Map<Long, Long> after = ticks();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long used = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            used += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return used * TICK_SECONDS / elapsed;
    }

    /** utime + stime of each engine process, in ticks. */
    private Map<Long, Long> ticks() throws IOException {
        Map<Long, Long> ticks = new HashMap<>();
        for (long pid : pids()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
                // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
                ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
            } catch (IOException | RuntimeException gone) {
                // ended meanwhile
            }
        }
        return ticks;
    }
}
