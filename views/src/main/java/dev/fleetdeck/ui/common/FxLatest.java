package dev.fleetdeck.ui.common;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Hands values produced on background threads to the FX thread, latest wins: however fast they
 * come, at most one hop is pending, so a burst of updates costs the FX thread one pulse.
 */
public final class FxLatest<T> implements Consumer<T> {
    private final AtomicReference<T> pending = new AtomicReference<>();
    private final Consumer<T> onFxThread;

    public FxLatest(Consumer<T> onFxThread) {
        this.onFxThread = onFxThread;
    }

    @Override
    public void accept(T value) {
        if (pending.getAndSet(value) == null) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        T value = pending.getAndSet(null);
        if (value != null) {
            onFxThread.accept(value);
        }
    }
}
