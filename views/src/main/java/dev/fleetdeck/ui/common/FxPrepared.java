package dev.fleetdeck.ui.common;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns the latest of a stream of values into a batch off the FX thread ({@link
 * Background#prepare}) and hands the batch to the FX thread, one at a time: a value that arrives
 * while a batch is being prepared or applied waits, and only the latest waiting one is prepared
 * next. So each batch is prepared against the state the one before it left (it can be a diff),
 * however fast values come, and the FX thread gets one batch per value it can keep up with.
 * {@link FxLatest} is for values the FX thread can use as they are.
 */
public final class FxPrepared<S, B> implements Consumer<S> {
    private final Background background;
    private final Function<S, B> prepare;
    private final Consumer<B> onFx;
    private final AtomicReference<S> waiting = new AtomicReference<>();
    private final AtomicBoolean busy = new AtomicBoolean();

    /**
     * @param prepare off the FX thread, never two at once
     * @param onFx    on the FX thread, in the order prepared
     */
    public FxPrepared(Background background, Function<S, B> prepare, Consumer<B> onFx) {
        this.background = background;
        this.prepare = prepare;
        this.onFx = onFx;
    }

    /** Any thread. */
    @Override
    public void accept(S value) {
        waiting.set(value);
        next();
    }

    private void next() {
        while (waiting.get() != null && busy.compareAndSet(false, true)) {
            S value = waiting.getAndSet(null);
            if (value != null) {
                background.prepare(() -> prepare.apply(value), this::applied, this::failed);
                return;
            }
            busy.set(false); // taken by the one who held the lane just before: look again
        }
    }

    private void applied(B batch) {
        try {
            onFx.accept(batch);
        } finally {
            busy.set(false);
            next();
        }
    }

    private void failed(Throwable e) {
        busy.set(false);
        // A batch that could not be prepared is a bug; the next value still gets its turn.
        System.getLogger(FxPrepared.class.getName()).log(System.Logger.Level.WARNING, "preparing a batch failed", e);
        next();
    }
}
