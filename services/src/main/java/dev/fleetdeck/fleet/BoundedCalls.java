package dev.fleetdeck.fleet;

import dev.fleetdeck.fleet.AgentEngine.EngineException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an engine's calls with a hard deadline. docker-java's unix-socket transport ignores socket
 * timeouts (its {@code UnixSocket} reads a blocking channel and drops {@code setSoTimeout}), so a
 * daemon that accepts and never answers would hang the caller forever. Each call therefore runs on
 * a small per-agent pool and the caller waits at most its limit; on expiry the worker is
 * interrupted, which closes the blocked channel and frees the thread and the connection.
 */
final class BoundedCalls implements AutoCloseable {

    @FunctionalInterface
    interface Call<T> {
        T call() throws Exception;
    }

    private final ThreadPoolExecutor pool;
    private final EngineFailures failures;

    BoundedCalls(String agent, int threads, EngineFailures failures) {
        this.failures = failures;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "fleetdeck-engine-" + agent + "-" + count.incrementAndGet());
                    // A console closing without closing an engine must still be able to exit.
                    thread.setDaemon(true);
                    return thread;
                });
        // Idle agents hold no threads.
        pool.allowCoreThreadTimeOut(true);
    }

    <T> T run(Duration limit, Call<T> call) throws EngineException {
        Future<T> future;
        try {
            future = pool.submit(call::call);
        } catch (RejectedExecutionException e) {
            throw failures.message("engine is closed");
        }
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw failures.timeout(limit);
        } catch (ExecutionException e) {
            throw failures.of(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw failures.interrupted();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
