package dev.fleetdeck.app;

import dev.fleetdeck.config.ConfigException;
import dev.fleetdeck.ui.shell.UiPreferences;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Opens the console window and waits until it is closed. The fleet is opened first, so a bad
 * configuration is one message on the terminal and no window at all.
 */
public final class FxGuiLauncher implements GuiLauncher {
    private final ServicesOpener opener;
    private final PrintStream err;
    private final Logging logging;
    private final GraphicalSession session;

    public FxGuiLauncher(ServicesOpener opener, PrintStream err, Logging logging, GraphicalSession session) {
        this.opener = opener;
        this.err = err;
        this.logging = logging;
        this.session = session;
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
            logging.forWindow();
            // the window opens meanwhile; the writer reports its own failures to the problems line.
            var unused = services.prefillDemoHistory(options.seed());
            services.startDemoActivity(options.seed());
            services.recordHistory();
            if (options.story()) {
                services.startStory(options.seed());
            }
            services.startPools();
            services.startPrePull();
            services.startAlerts(line -> err.println("fleetdeck: " + line));
            // Drains a closed or killed console left running go on here.
            services.drains()
                    .resumeAll()
                    .forEach(d -> err.println(
                            "fleetdeck: resumed the drain of " + d.record().agent()));
            services.buildAll();
            return show(services, options);
        }
    }

    private int show(Services services, ConsoleOptions options) {
        // Asked before JavaFX, which without GTK prints its own lines and says nothing of the package.
        Optional<String> missing = session.problem();
        if (missing.isPresent()) {
            err.println("fleetdeck: " + missing.get());
            return 1;
        }
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
                    console.show(stage, new UiPreferences(Preferences.userRoot().node("dev/fleetdeck")), options);
                } catch (RuntimeException e) {
                    failed.set(e);
                    closed.countDown();
                }
            });
        } catch (UnsupportedOperationException | IllegalStateException e) {
            err.println("fleetdeck: " + session.failed(e.getMessage()));
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
