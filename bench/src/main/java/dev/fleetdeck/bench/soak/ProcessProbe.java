package dev.fleetdeck.bench.soak;

import dev.fleetdeck.testbed.ProcessRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a JVM process holds now, read from outside it: threads and file descriptors from
 * {@code /proc}, the heap in use right after a full GC from {@code jcmd} (the JDK's attach tool:
 * {@code GC.run}, then {@code GC.heap_info}), and its engine connections.
 */
final class ProcessProbe {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    private final EngineSockets sockets;

    ProcessProbe(EngineSockets sockets) {
        this.sockets = sockets;
    }

    /** One sample; {@code heapAfterGcMb} is -1 when jcmd could not attach. */
    record Sample(long atMs, int threads, int fds, double heapAfterGcMb, int engineConnections) {}

    Sample sample(long pid) {
        long at = System.currentTimeMillis();
        int threads = threads(pid);
        int fds = fds(pid);
        double heap = heapAfterGc(pid);
        int engine = sockets.heldBy(pid, sockets.clientEnds());
        return new Sample(at, threads, fds, heap, engine);
    }

    static int threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static int fds(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    double heapAfterGc(long pid) {
        String p = Long.toString(pid);
        Duration limit = Duration.ofSeconds(60);
        if (ProcessRun.run(List.of(jcmd.toString(), p, "GC.run"), Map.of(), limit)
                        .exitCode()
                != 0) {
            return -1;
        }
        ProcessRun info = ProcessRun.run(List.of(jcmd.toString(), p, "GC.heap_info"), Map.of(), limit);
        Matcher m = USED.matcher(info.stdout());
        return info.exitCode() == 0 && m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
    }
}
