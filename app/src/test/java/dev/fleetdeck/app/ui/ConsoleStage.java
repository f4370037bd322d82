package dev.fleetdeck.app.ui;

import dev.fleetdeck.app.ConsoleOptions;
import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.Wiring;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** The console in TestFX's stage, opened and closed the same way by every window test. */
final class ConsoleStage {
    private ConsoleStage() {}

    /** The demo fleet (seed 42) as {@code fleetdeck --demo} opens it, its state in {@code data}. */
    static Services openDemo(Path data) throws Exception {
        Wiring wiring = Wiring.standard(Map.of("FLEETDECK_DATA_DIR", data.toString()), data, s -> o -> 0);
        return wiring.services().open(new ConsoleOptions(Optional.empty(), true, 42), p -> {});
    }

    /** The window on {@code services}, shown in TestFX's stage. */
    static ConsoleUi show(Services services) throws TimeoutException {
        ConsoleUi[] ui = new ConsoleUi[1];
        services.buildAll(); // as FxGuiLauncher does: the window's views find every part built
        FxToolkit.setupStage(stage -> {
            ui[0] = new ConsoleUi(services, services.label());
            ui[0].show(stage);
        });
        return ui[0];
    }

    /** {@link #close(ConsoleUi)}, then the services the test opened; either may be null. */
    static void close(ConsoleUi ui, Services services) throws TimeoutException {
        close(ui);
        if (services != null) {
            services.close();
        }
    }

    /** Closes the stage, then the window's listeners on the FX thread; nothing if it never opened. */
    static void close(ConsoleUi ui) throws TimeoutException {
        FxToolkit.cleanupStages();
        if (ui != null) {
            new FxRobot().interact(ui::close);
        }
    }
}
