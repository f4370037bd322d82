package dev.fleetdeck.ui.launch;

import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.launch.BulkLaunch;
import dev.fleetdeck.launch.LaunchEvent;
import dev.fleetdeck.launch.LaunchRequest;
import dev.fleetdeck.launch.Launcher;
import dev.fleetdeck.progress.ProgressBoard;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.StartupStore;
import dev.fleetdeck.ui.common.Background;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Launches from the window and the recent launches the timeline shows. Launch progress comes
 * from many threads; it is queued and drained onto the FX thread in batches.
 */
public final class LaunchViewModel {
    private final BulkLaunch bulk;
    private final ProgressBoard tasks;
    private final Launcher launcher;
    private final Consumer<StartupRecord> feed = this::finished;
    private final StartupStore store;
    private final Background background;
    private final List<WorkspaceType> catalog;
    private final List<String> zones;
    private final int keep;
    private final Clock clock;
    private final ObservableList<StartupRecord> recent = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final ConcurrentLinkedQueue<StartupRecord> finished = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<LaunchEvent> events = new ConcurrentLinkedQueue<>();
    private volatile boolean drainScheduled;
    private final AtomicInteger doneCount = new AtomicInteger();
    private BulkLaunch.Handle current;
    private int asked;

    /** @param keep how many recent launches the timeline stacks */
    public LaunchViewModel(
            Launcher launcher,
            BulkLaunch bulk,
            StartupStore store,
            Background background,
            List<WorkspaceType> catalog,
            List<String> zones,
            int keep,
            Clock clock,
            ProgressBoard tasks) {
        this.tasks = tasks;
        this.launcher = launcher;
        this.bulk = bulk;
        this.store = store;
        this.background = background;
        this.catalog = List.copyOf(catalog);
        this.zones = List.copyOf(zones);
        this.keep = keep;
        this.clock = clock;
    }

    /** Every launch of this console shows up, the window's own and those of others (the demo). */
    public void attach() {
        launcher.addFinishedListener(feed);
    }

    public void detach() {
        launcher.removeFinishedListener(feed);
    }

    /** Reads the last launches of the store in the background. */
    public void loadRecent() {
        background.run(
                "Read startup records",
                () -> {
                    ArrayDeque<StartupRecord> last = new ArrayDeque<>();
                    store.forEachSince(clock.instant().minus(Duration.ofDays(7)), r -> {
                        last.addLast(r);
                        if (last.size() > keep) {
                            last.removeFirst();
                        }
                    });
                    return new ArrayList<>(last);
                },
                list -> {
                    recent.setAll(list);
                    if (!list.isEmpty()) {
                        status.set(list.size() + " recent launches from " + store.describe());
                    }
                },
                e -> status.set("Could not read startup records: " + e.getMessage()));
    }

    /** Starts {@code count} launches; FX thread. */
    public void launch(String type, String user, int count, String zone, int parallelism) {
        if (running.get()) {
            return;
        }
        asked = count;
        doneCount.set(0);
        running.set(true);
        progress.set(0);
        status.set("Launching " + count + " × " + type + " for " + user + "…");
        current = bulk.launch(
                new LaunchRequest(type, user, zone, Map.of()),
                count,
                parallelism,
                e -> {
                    events.add(e);
                    scheduleDrain();
                },
                r -> {
                    doneCount.incrementAndGet();
                    scheduleDrain();
                });
        tasks.track(current.progress());
        // the outcome goes to the FX thread inside; nothing else waits.
        var unused = current.results()
                .whenComplete((results, err) -> Platform.runLater(() -> {
                    drain();
                    running.set(false);
                    progress.set(1);
                    if (results != null) {
                        long ready = results.stream()
                                .filter(BulkLaunch.Result::ready)
                                .count();
                        String refusals = results.stream()
                                .filter(r -> r.refusal() != null)
                                .map(BulkLaunch.Result::refusal)
                                .distinct()
                                .reduce((a, b) -> a + "; " + b)
                                .map(s -> " — " + s)
                                .orElse("");
                        status.set(ready + " of " + results.size() + " sessions ready" + refusals);
                    }
                }));
    }

    public void cancel() {
        if (current != null) {
            current.cancel();
            status.set("Cancelling: launches not started are dropped, running ones clean up");
        }
    }

    private void finished(StartupRecord r) {
        finished.add(r);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (!drainScheduled) {
            drainScheduled = true;
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        drainScheduled = false;
        List<StartupRecord> batch = new ArrayList<>();
        StartupRecord r;
        while ((r = finished.poll()) != null) {
            batch.add(r);
        }
        LaunchEvent last = null;
        LaunchEvent e;
        while ((e = events.poll()) != null) {
            last = e;
        }
        if (!batch.isEmpty()) {
            recent.addAll(batch);
            if (recent.size() > keep) {
                recent.remove(0, recent.size() - keep);
            }
        }
        int done = doneCount.get();
        if (running.get()) {
            progress.set(asked == 0 ? 1 : (double) done / asked);
        }
        if (last != null && running.get()) {
            status.set("Launching: " + done + " of " + asked + " done · " + last.sessionId() + " " + last.message());
        }
    }

    public List<WorkspaceType> catalog() {
        return catalog;
    }

    public List<String> zones() {
        return zones;
    }

    public ObservableList<StartupRecord> recent() {
        return recent;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public BooleanProperty runningProperty() {
        return running;
    }
}
