package dev.fleetdeck.analytics;

import dev.fleetdeck.startup.LaunchQuery;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.StartupStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Finds stored launches (any day the store holds) for the Launches page and {@code records --session}. */
public final class LaunchSearch {
    /** What a search found: the newest {@code limit} matches, oldest first, and how many matched in all. */
    public record Found(List<StartupRecord> launches, long matched) {
        public Found {
            launches = List.copyOf(launches);
        }
    }

    public Found find(StartupStore store, LaunchQuery query, int limit, Consumer<RecordProblem> problems)
            throws IOException {
        ArrayDeque<StartupRecord> last = new ArrayDeque<>();
        long[] matched = {0};
        store.forEachSince(
                query.from() == null ? Instant.EPOCH : query.from(),
                r -> {
                    if (query.matches(r)) {
                        matched[0]++;
                        last.addLast(r);
                        if (last.size() > limit) {
                            last.removeFirst();
                        }
                    }
                },
                problems);
        return new Found(new ArrayList<>(last), matched[0]);
    }
}
