package dev.fleetdeck.app;

import dev.fleetdeck.startup.StartupAnalyzer;
import dev.fleetdeck.ui.cache.CachesView;
import dev.fleetdeck.ui.cache.CachesViewModel;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.fleet.FleetView;
import dev.fleetdeck.ui.fleet.FleetViewModel;
import dev.fleetdeck.ui.launch.LaunchViewModel;
import dev.fleetdeck.ui.launch.LaunchesView;
import dev.fleetdeck.ui.sessions.SessionsView;
import dev.fleetdeck.ui.sessions.SessionsViewModel;
import dev.fleetdeck.ui.shell.MainWindow;
import dev.fleetdeck.ui.shell.Page;
import dev.fleetdeck.ui.startup.AnalyzerView;
import dev.fleetdeck.ui.startup.AnalyzerViewModel;
import dev.fleetdeck.ui.theme.ThemeManager;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The window's wiring: view-models and views over one {@link Services}. Built on the FX thread;
 * closing it detaches every view-model and stops the UI's background pool.
 */
public final class ConsoleUi implements AutoCloseable {
    private final Services services;
    private final ExecutorService uiPool;
    private final FleetViewModel fleetVm;
    private final SessionsViewModel sessionsVm;
    private final LaunchViewModel launchVm;
    private final AnalyzerViewModel analyzerVm;
    private final CachesViewModel cachesVm;
    private final MainWindow window;
    private final ThemeManager themes = new ThemeManager();

    public ConsoleUi(Services services, String fleetLabel) {
        this.services = services;
        this.uiPool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "fleetdeck-ui-work");
            t.setDaemon(true);
            return t;
        });
        Background background = new Background(uiPool);
        int history = services.fleet().historyLength();
        fleetVm = new FleetViewModel(services.fleet(), services.workspaces(), services.config().settings());
        sessionsVm = new SessionsViewModel(services.fleet(), services.sessionControl(), background);
        launchVm = new LaunchViewModel(services.launcher(), services.bulkLaunch(), services.startupStore(), background, services.workspaces(),
                services.zones(), 40, Clock.systemUTC());
        cachesVm = new CachesViewModel(services.caches(), services.cacheTuning().targetHitRate());
        analyzerVm = new AnalyzerViewModel(services.startupStore(), new StartupAnalyzer(Clock.systemUTC()),
                services.workspaces(), background, Clock.systemUTC());
        // A launch that lands may push a threshold over: the analyzer looks again.
        launchVm.recent().addListener((javafx.collections.ListChangeListener<Object>) c -> analyzerVm.refresh());
        javafx.beans.binding.BooleanBinding dark = themes.themeProperty().isEqualTo(ThemeManager.Theme.DARK);
        List<Page> pages = List.of(new FleetView(fleetVm, history), new SessionsView(sessionsVm), new LaunchesView(launchVm, dark),
                new AnalyzerView(analyzerVm, dark), new CachesView(cachesVm));
        window = new MainWindow(pages, services.fleet(), background, themes, fleetLabel, services.simulated());
    }

    public void show(Stage stage) {
        fleetVm.attach();
        sessionsVm.attach();
        launchVm.attach();
        cachesVm.attach();
        Scene scene = new Scene(window.build(), 1500, 900);
        themes.install(scene);
        stage.setScene(scene);
        stage.setTitle(services.simulated() ? "Fleetdeck — simulated demo fleet" : "Fleetdeck");
        stage.show();
        services.fleet().start();
        services.caches().start();
    }

    public MainWindow window() {
        return window;
    }

    public ThemeManager themes() {
        return themes;
    }

    @Override
    public void close() {
        fleetVm.detach();
        sessionsVm.detach();
        launchVm.detach();
        cachesVm.detach();
        uiPool.shutdownNow();
    }
}
