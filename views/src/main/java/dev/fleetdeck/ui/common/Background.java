package dev.fleetdeck.ui.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.concurrent.Task;

/**
 * Runs work off the FX thread and brings the outcome back to it. One small pool for the whole
 * window; the running count feeds the status bar.
 */
public final class Background {
    private final ExecutorService pool;
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(0);

    public Background(ExecutorService pool) {
        this.pool = pool;
    }

    /** A unit of background work that may fail with any exception. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    /** Starts {@code work}; its outcome reaches {@code onSuccess} or {@code onError} on the FX thread, so no caller needs the task. */
    public <T> void run(String title, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                updateTitle(title);
                return work.call();
            }
        };
        task.setOnSucceeded(e -> {
            running.set(running.get() - 1);
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            running.set(running.get() - 1);
            onError.accept(task.getException());
        });
        task.setOnCancelled(e -> running.set(running.get() - 1));
        Runnable submit = () -> {
            if (pool.isShutdown()) {
                return; // the window is closing: a timer's last tick has nothing left to run on
            }
            running.set(running.get() + 1);
            pool.execute(task);
        };
        if (Platform.isFxApplicationThread()) {
            submit.run();
        } else {
            Platform.runLater(submit);
        }
    }

    /**
     * Work that keeps a view in line with its data (a snapshot's rows, say) rather than an action
     * of the user's: it runs on the same pool but is not counted in {@link #runningProperty()} (the
     * status bar would flicker a task every refresh), and its result reaches the FX thread in one
     * {@link Platform#runLater} hop, without a {@link Task}'s own hops. Any thread may call it.
     */
    public <T> void prepare(Work<T> work, Consumer<T> onFx, Consumer<Throwable> onError) {
        if (pool.isShutdown()) {
            return; // the window is closing: nobody will see what this would prepare
        }
        try {
            pool.execute(() -> {
                T result;
                try {
                    result = work.call();
                } catch (Exception | Error e) {
                    Platform.runLater(() -> onError.accept(e));
                    return;
                }
                Platform.runLater(() -> onFx.accept(result));
            });
        } catch (RejectedExecutionException e) {
            // shut down between the check and the call: the same as above
        }
    }

    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
