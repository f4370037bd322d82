package dev.fleetdeck.history;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fresh console reading a history store others wrote: {@code FILE NOW} prints one line per
 * point of the 1 h range, {@code agent epochSecond sessionsCpu sessionsCpuPeak}, and one line per
 * type, {@code type agent sessionSamples cpuPerSession}.
 */
public final class HistoryReaderProcess {
    public static void main(String[] args) throws Exception {
        try (LocalHistoryStore store = LocalHistoryStore.open(Path.of(args[0]))) {
            Instant now = Instant.ofEpochSecond(Long.parseLong(args[1]));
            Map<String, List<HistoryPoint>> points =
                    store.points(List.of("a1", "a2"), HistoryRange.HOUR, now.minus(HistoryRange.HOUR.span()));
            points.forEach((agent, line) -> line.forEach(p -> System.out.println(String.format(
                    Locale.ROOT,
                    "%s %d %.3f %.3f",
                    agent,
                    p.at().getEpochSecond(),
                    p.sessionsCpu(),
                    p.sessionsMemPeak()))));
            for (String agent : List.of("a1", "a2")) {
                store.typeFigures(agent, HistoryRange.HOUR, now.minus(HistoryRange.HOUR.span()))
                        .forEach((type, f) -> System.out.println(String.format(
                                Locale.ROOT,
                                "type %s %s %d %.4f",
                                type,
                                agent,
                                f.sessionSamples(),
                                f.cpuCoresPerSession())));
            }
        }
    }
}
