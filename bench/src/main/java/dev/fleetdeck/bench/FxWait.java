package dev.fleetdeck.bench;

import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import javafx.application.Platform;

/** Work handed to the FX thread by a bench's own thread, which waits for it to be done. */
final class FxWait {
    private FxWait() {}

    static void run(Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.run();
            } finally {
                done.countDown();
            }
        });
        done.await();
    }

    static <T> T value(Supplier<T> s) throws InterruptedException {
        Object[] out = new Object[1];
        run(() -> out[0] = s.get());
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }
}
