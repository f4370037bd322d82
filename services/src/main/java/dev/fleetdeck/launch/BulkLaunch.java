package dev.fleetdeck.launch;

import dev.fleetdeck.progress.Progress;
import dev.fleetdeck.startup.StartupRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Launches many sessions at once, at most {@code parallelism} in flight. Cancelling stops
 * launches not yet started and interrupts running ones, which remove what they had created.
 */
public final class BulkLaunch {
    private final Launcher launcher;
    private final ExecutorService pool;

    public BulkLaunch(Launcher launcher, ExecutorService pool) {
        this.launcher = launcher;
        this.pool = pool;
    }

    /** One launch's end: a record, or why it was refused before anything was created. */
    public record Result(StartupRecord record, String refusal) {
        public boolean ready() {
            return record != null && record.ready();
        }
    }

    /** A running bulk launch. */
    public static final class Handle {
        private final List<Future<?>> futures = new ArrayList<>();
        private final List<CompletableFuture<Result>> each = new ArrayList<>();
        private Progress progress;

        /** Launches ended of those asked for, with the rate and time left; its cancel cancels them. */
        public Progress progress() {
            return progress;
        }

        /** Completes when every launch has ended, in the order they were asked for. */
        public CompletableFuture<List<Result>> results() {
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                    .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
        }

        /** Launches not started never start; running ones are interrupted and clean up. */
        public void cancel() {
            futures.forEach(f -> f.cancel(true));
            each.forEach(f -> f.complete(new Result(null, "cancelled")));
        }
    }

    public Handle launch(
            LaunchRequest request,
            int count,
            int parallelism,
            Consumer<LaunchEvent> progress,
            Consumer<Result> eachDone) {
        Semaphore permits = new Semaphore(Math.max(1, parallelism));
        Handle handle = new Handle();
        Progress tracked = new Progress(
                "launching " + count + " × " + request.workspaceType(), "launches", count, System::nanoTime);
        handle.progress = tracked;
        tracked.onCancel(handle::cancel);
        AtomicInteger ready = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            CompletableFuture<Result> one = new CompletableFuture<>();
            handle.each.add(one);
            handle.futures.add(pool.submit(() -> {
                try {
                    permits.acquire();
                    try {
                        Result r = once(request, progress);
                        // Counted before the result is handed over: whoever waits for the
                        // results then reads a progress that has every launch in it.
                        int ok = r.ready() ? ready.incrementAndGet() : ready.get();
                        tracked.detail(ok + " ready");
                        tracked.advance(1);
                        if (one.complete(r)) {
                            eachDone.accept(r);
                        }
                    } finally {
                        permits.release();
                    }
                } catch (InterruptedException e) {
                    one.complete(new Result(null, "cancelled"));
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    one.complete(new Result(null, e.getMessage()));
                }
            }));
        }
        // only the finish matters; the caller has the results.
        var unused = handle.results().whenComplete((r, e) -> tracked.finish());
        return handle;
    }

    private Result once(LaunchRequest request, Consumer<LaunchEvent> progress) throws InterruptedException {
        try {
            return new Result(launcher.launch(request, progress), null);
        } catch (QuotaExceededException e) {
            return new Result(null, e.getMessage());
        }
    }
}
