package dev.fleetdeck.bench.soak;

import dev.fleetdeck.testbed.ProcessRun;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a JVM process holds now, read from outside it: threads and file descriptors from
 * {@code /proc}, the heap in use right after a full GC from {@code jcmd} (the JDK's attach tool:
 * {@code GC.run}, then {@code GC.heap_info}), and its engine connections; and what its threads and
 * descriptors are, by kind (thread names and descriptor targets with their numbers left out), so
 * that two samples tell which pool or which kind of descriptor grew.
 */
final class ProcessProbe {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final Pattern NUMBERS = Pattern.compile("[0-9]+");
    private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    private final EngineSockets sockets;

    ProcessProbe(EngineSockets sockets) {
        this.sockets = sockets;
    }

    /**
     * One sample; {@code heapAfterGcMb} is -1 when jcmd could not attach; {@code kinds} counts
     * {@code "thread NAME"} and {@code "fd TARGET"} with digits as N (thread names as /proc keeps
     * them: 15 characters).
     */
    record Sample(
            long atMs, int threads, int fds, double heapAfterGcMb, int engineConnections, Map<String, Integer> kinds) {}

    Sample sample(long pid) {
        long at = System.currentTimeMillis();
        int threads = threads(pid);
        int fds = fds(pid);
        // Right after the counts, before the GC (jcmd takes seconds on a loaded machine), so they agree.
        Map<String, Integer> kinds = kinds(pid);
        double heap = heapAfterGc(pid);
        int engine = sockets.heldBy(pid, sockets.clientEnds());
        return new Sample(at, threads, fds, heap, engine, kinds);
    }

    static Map<String, Integer> kinds(long pid) {
        Map<String, Integer> kinds = new TreeMap<>();
        Path proc = Path.of("/proc", Long.toString(pid));
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    kinds.merge("thread " + NUMBERS.matcher(name).replaceAll("N"), 1, Integer::sum);
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return kinds;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    kinds.merge("fd " + NUMBERS.matcher(target).replaceAll("N"), 1, Integer::sum);
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return kinds;
    }

    /** What grew or shrank from {@code before} to {@code after}, by kind: "thread lettuce-nioEven +2, fd socket:[N] -1". */
    static String difference(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, Integer> all = new TreeMap<>(before);
        after.keySet().forEach(k -> all.putIfAbsent(k, 0));
        StringBuilder changes = new StringBuilder();
        for (String k : all.keySet()) {
            int d = after.getOrDefault(k, 0) - before.getOrDefault(k, 0);
            if (d != 0) {
                changes.append(changes.length() == 0 ? "" : ", ")
                        .append(k)
                        .append(d > 0 ? " +" : " ")
                        .append(d);
            }
        }
        return changes.length() == 0 ? "no change" : changes.toString();
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
