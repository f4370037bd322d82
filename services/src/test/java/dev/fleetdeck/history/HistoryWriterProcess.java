package dev.fleetdeck.history;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A console of its own JVM writing its refreshes into a shared history store: {@code FILE FIRST
 * COUNT CPU} writes COUNT refreshes of agents a1 and a2, 15 s apart from epoch second FIRST, each
 * with the containers' CPU at CPU % and one firefox session using CPU/100 cores.
 */
public final class HistoryWriterProcess {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long first = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        double cpu = Double.parseDouble(args[3]);
        try (LocalHistoryStore store = LocalHistoryStore.open(file)) {
            for (int i = 0; i < count; i++) {
                Instant at = Instant.ofEpochSecond(first + 15L * i);
                // One transaction per refresh, as a console writes: the processes interleave.
                store.record(List.of(sample("a1", at, cpu), sample("a2", at, cpu)));
            }
        }
    }

    static HostSample sample(String agent, Instant at, double cpu) {
        return new HostSample(
                agent,
                at,
                Double.NaN,
                0,
                0,
                cpu,
                (long) (cpu * (1L << 20)),
                100L << 20,
                4,
                1,
                Map.of("firefox", new HostSample.TypeUse(1, cpu / 100, 1L << 30)));
    }
}
