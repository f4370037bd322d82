package dev.fleetdeck.drain;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drain's own bound on the shared workers: at most {@code lanes} of its notices run at once, the
 * rest wait in order. Without it a drain of 100 sessions put 100 notice commands on the shared pool
 * at once, each holding a thread for up to its 10 s limit, while launches and other drains waited.
 */
final class DrainLanes implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(DrainLanes.class);

    private final Executor workers;
    private final int lanes;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;

    DrainLanes(Executor workers, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1: " + lanes);
        }
        this.workers = workers;
        this.lanes = lanes;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (running >= lanes) {
                waiting.add(task);
                return;
            }
            running++;
        }
        start(task);
    }

    private void start(Runnable first) {
        workers.execute(() -> runFrom(first));
    }

    /** Runs the task, then whatever waits, in this lane, until nothing does. */
    private void runFrom(Runnable first) {
        Runnable task = first;
        while (task != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                // One task's failure must not take the waiting ones with it; to the log file, as the
                // notices' own failures (a command's output is only its own lines).
                LOG.warn("a drain notice task failed", e);
            }
            synchronized (this) {
                task = waiting.poll();
                if (task == null) {
                    running--;
                }
            }
        }
    }

    /** Tasks running now, for tests. */
    synchronized int running() {
        return running;
    }
}
