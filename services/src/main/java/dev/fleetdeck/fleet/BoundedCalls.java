package dev.fleetdeck.fleet;

import dev.fleetdeck.fleet.AgentEngine.EngineException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs an engine's calls with a hard deadline. docker-java's unix-socket transport ignores socket
 * timeouts (its {@code UnixSocket} reads a blocking channel and drops {@code setSoTimeout}), so a
 * daemon that accepts and never answers would hang the caller forever. The call runs on the
 * caller's own thread; when its limit passes, the JDK's delay scheduler interrupts that thread,
 * which closes the blocked channel (an interruptible channel) and frees the connection.
 *
 * <p>It used to run every call on a pool of {@code maxConnections} threads per agent. A pool hands
 * each new task to a new thread until it is full, so every agent soon held all 16 of them: 160
 * parked threads for ten agents. On the caller's thread an agent holds no thread of its own.
 */
final class BoundedCalls implements AutoCloseable {

    @FunctionalInterface
    interface Call<T> {
        T call() throws Exception;
    }

    private final EngineFailures failures;
    private final Set<Deadline> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    BoundedCalls(EngineFailures failures) {
        this.failures = failures;
    }

    <T> T run(Duration limit, Call<T> call) throws EngineException {
        if (closed) {
            throw failures.message("engine is closed");
        }
        Deadline deadline = new Deadline(Thread.currentThread());
        running.add(deadline);
        CompletableFuture.delayedExecutor(limit.toNanos(), TimeUnit.NANOSECONDS, Runnable::run)
                .execute(deadline::expire);
        T result;
        try {
            result = call.call();
        } catch (Exception e) {
            if (deadline.finish()) {
                throw closed ? failures.message("engine is closed") : failures.timeout(limit);
            }
            if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                Thread.currentThread().interrupt();
                throw failures.interrupted();
            }
            throw failures.of(e);
        } finally {
            running.remove(deadline);
        }
        // An answer that came as the limit passed still counts; only the interrupt is taken back.
        deadline.finish();
        return result;
    }

    /** Ends every call in flight: their callers get "engine is closed". */
    @Override
    public void close() {
        closed = true;
        running.forEach(Deadline::expire);
    }

    /** One call's deadline: interrupts the caller only while the call is still running. */
    private static final class Deadline {
        private final Thread caller;
        private boolean done;
        private boolean expired;

        Deadline(Thread caller) {
            this.caller = caller;
        }

        synchronized void expire() {
            if (!done && !expired) {
                expired = true;
                caller.interrupt();
            }
        }

        /** Ends the call; true when it had expired (its interrupt is cleared here). */
        synchronized boolean finish() {
            done = true;
            if (expired) {
                Thread.interrupted();
            }
            return expired;
        }
    }
}
