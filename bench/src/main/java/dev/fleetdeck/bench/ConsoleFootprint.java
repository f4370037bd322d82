package dev.fleetdeck.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What this JVM spent over a window: process CPU, the part of it in threads of its own (by thread
 * name without the trailing number), garbage collection and JIT time, and bytes allocated by
 * each thread group. Allocation is what a steady console's GC work follows, so it is the figure
 * to cut in the refresh path.
 */
final class ConsoleFootprint {
    private final long wall0 = System.nanoTime();
    private final long cpu0 = processCpuNanos();
    private final long gc0 = gcMillis();
    private final long gcCount0 = gcCount();
    private final long jit0 = jitMillis();
    private final Map<String, long[]> byGroup0 = byGroup();

    /** One window's figures. */
    record Window(
            double seconds,
            double cpuCores,
            double threadsCores,
            long gcMillis,
            long gcCount,
            long jitMillis,
            Map<String, Double> coresByGroup,
            Map<String, Long> bytesByGroup) {

        long allocatedBytes() {
            return bytesByGroup.values().stream().mapToLong(Long::longValue).sum();
        }

        long bytesOf(String group) {
            return bytesByGroup.getOrDefault(group, 0L);
        }

        void print(String prefix) {
            System.out.printf(
                    Locale.ROOT,
                    "%sover %.0f s: CPU %.1f %% of a core (Java threads %.1f %%, outside them %.1f %%),"
                            + " GC %d ms in %d pauses/cycles (%.1f %%), JIT %d ms (%.1f %%), allocated %.1f MB/s%n",
                    prefix,
                    seconds,
                    cpuCores * 100,
                    threadsCores * 100,
                    (cpuCores - threadsCores) * 100,
                    gcMillis,
                    gcCount,
                    gcMillis / seconds / 10,
                    jitMillis,
                    jitMillis / seconds / 10,
                    allocatedBytes() / seconds / 1e6);
            coresByGroup.entrySet().stream()
                    .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .limit(10)
                    .forEach(e -> System.out.printf(
                            Locale.ROOT,
                            "%s  thread %-36s %5.2f %% of a core, %8.1f KB/s allocated%n",
                            prefix,
                            e.getKey(),
                            e.getValue() * 100,
                            bytesOf(e.getKey()) / seconds / 1e3));
        }
    }

    Window stop() {
        double seconds = (System.nanoTime() - wall0) / 1e9;
        Map<String, long[]> after = byGroup();
        Map<String, Double> cores = new HashMap<>();
        Map<String, Long> bytes = new HashMap<>();
        double threads = 0;
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] before = byGroup0.getOrDefault(e.getKey(), new long[2]);
            double c = Math.max(0, e.getValue()[0] - before[0]) / 1e9 / seconds;
            threads += c;
            cores.put(e.getKey(), c);
            bytes.put(e.getKey(), Math.max(0, e.getValue()[1] - before[1]));
        }
        return new Window(
                seconds,
                (processCpuNanos() - cpu0) / 1e9 / seconds,
                threads,
                gcMillis() - gc0,
                gcCount() - gcCount0,
                jitMillis() - jit0,
                cores,
                bytes);
    }

    /** CPU ns and allocated bytes of the live threads, summed by name without its trailing number. */
    private static Map<String, long[]> byGroup() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, long[]> groups = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long cpu = threads.getThreadCpuTime(id);
            long bytes = threads.getThreadAllocatedBytes(id);
            if (info != null && cpu >= 0) {
                long[] sum = groups.computeIfAbsent(group(info.getThreadName()), k -> new long[2]);
                sum[0] += cpu;
                sum[1] += Math.max(0, bytes);
            }
        }
        return groups;
    }

    static String group(String threadName) {
        return threadName.replaceAll("[-#]?\\d+$", "");
    }

    /** Live threads by group, for finding which pool grows with the containers. */
    static Map<String, Integer> threadCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            counts.merge(group(info.getThreadName()), 1, Integer::sum);
        }
        return counts;
    }

    static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(t -> t > 0)
                .sum();
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .filter(t -> t > 0)
                .sum();
    }

    private static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }
}
