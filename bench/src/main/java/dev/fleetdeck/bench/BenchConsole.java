package dev.fleetdeck.bench;

import dev.fleetdeck.app.ConsoleOptions;
import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The console as the application wires it ({@code Wiring} → {@code Services} on a
 * {@code fleet.yaml}) with its window open, in this JVM; the display is the caller's.
 */
final class BenchConsole {
    final Services services;
    final Path data;
    private final ConsoleUi ui;
    private final Stage stage;

    private BenchConsole(Services services, Path data, ConsoleUi ui, Stage stage) {
        this.services = services;
        this.data = data;
        this.ui = ui;
        this.stage = stage;
    }

    static BenchConsole open(Path config) throws Exception {
        CountDownLatch fx = new CountDownLatch(1);
        Platform.startup(fx::countDown);
        fx.await();
        Platform.setImplicitExit(false);
        Path data = Files.createTempDirectory("fleetdeck-scale-");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("FLEETDECK_DATA_DIR", data.toString());
        Services services = Wiring.standard(env, Path.of(System.getProperty("user.home")), s -> null)
                .services()
                .open(new ConsoleOptions(Optional.of(config), false, 0), p -> {});
        ConsoleUi[] ui = new ConsoleUi[1];
        Stage[] stage = new Stage[1];
        FxWait.run(() -> {
            ui[0] = new ConsoleUi(services, services.label());
            stage[0] = new Stage();
            ui[0].show(stage[0]);
        });
        return new BenchConsole(services, data, ui[0], stage[0]);
    }

    /** Waits up to a minute until the console shows {@code expected} sessions. */
    void awaitSessions(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (services.fleet().current().sessionCount() != expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        int seen = services.fleet().current().sessionCount();
        if (seen != expected) {
            System.out.printf(Locale.ROOT, "WARNING: the console shows %d sessions, %d run%n", seen, expected);
        }
    }

    /** Closes the window, then the services. */
    void close() throws InterruptedException {
        FxWait.run(() -> {
            ui.close();
            stage.close();
        });
        services.close();
    }
}
