package dev.fleetdeck.app;

import dev.fleetdeck.config.ConfigException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import dev.fleetdeck.ui.shell.UiPreferences;
import javafx.stage.Stage;

/**
 * Opens the console window and waits until it is closed. The fleet is opened first, so a bad
 * configuration is one message on the terminal and no window at all.
 */
public final class FxGuiLauncher implements GuiLauncher {
    private final ServicesOpener opener;
    private final PrintStream err;

    public FxGuiLauncher(ServicesOpener opener, PrintStream err) {
        this.opener = opener;
        this.err = err;
    }

    @Override
    public int launch(ConsoleOptions options) {
        Services services;
        try {
            services = opener.open(options, problem -> err.println("fleetdeck: " + problem));
        } catch (ConfigException e) {
            err.println("fleetdeck: " + e.getMessage());
            return 2;
        }
        try (services) {
            services.startDemoActivity(options.seed());
            services.startPools();
            services.startPrePull();
            services.startAlerts(line -> err.println("fleetdeck: " + line));
            // Drains a closed or killed console left running go on here.
            services.drains().resumeAll().forEach(d -> err.println("fleetdeck: resumed the drain of " + d.record().agent()));
            return show(services, options);
        }
    }

    private int show(Services services, ConsoleOptions options) {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<ConsoleUi> ui = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try {
            Platform.setImplicitExit(false);
            Platform.startup(() -> {
                try {
                    ConsoleUi console = new ConsoleUi(services, services.label());
                    ui.set(console);
                    Stage stage = new Stage();
                    stage.setOnCloseRequest(e -> console.savePreferences());
                    stage.setOnHidden(e -> closed.countDown());
                    console.show(stage, new UiPreferences(java.util.prefs.Preferences.userRoot().node("dev/fleetdeck")),
                            options);
                } catch (RuntimeException e) {
                    failed.set(e);
                    closed.countDown();
                }
            });
        } catch (UnsupportedOperationException | IllegalStateException e) {
            err.println("fleetdeck: cannot open the console window (" + e.getMessage() + "). It needs a graphical "
                    + "session (DISPLAY); without one, use a command, e.g. 'fleetdeck agents' or 'fleetdeck --help'.");
            return 1;
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ui.get() != null) {
            ui.get().close();
        }
        Platform.exit();
        if (failed.get() != null) {
            err.println("fleetdeck: the console window failed: " + failed.get());
            return 1;
        }
        return 0;
    }
}
