package dev.fleetdeck.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Hands every value produced on background threads to the FX thread, in order, in batches: at
 * most one hop is pending however fast they come, so a burst of a hundred events costs the FX
 * thread one list change instead of a hundred. {@link FxLatest} is for when only the last counts.
 */
public final class FxBatches<T> implements Consumer<T> {
    private final ConcurrentLinkedQueue<T> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<List<T>> onFxThread;

    public FxBatches(Consumer<List<T>> onFxThread) {
        this.onFxThread = onFxThread;
    }

    @Override
    public void accept(T value) {
        pending.add(value);
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        // Cleared before polling: a value added meanwhile schedules its own hop, never gets lost.
        scheduled.set(false);
        List<T> batch = new ArrayList<>();
        for (T v; (v = pending.poll()) != null; ) {
            batch.add(v);
        }
        if (!batch.isEmpty()) {
            onFxThread.accept(batch);
        }
    }
}
