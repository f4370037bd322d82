package dev.fleetdeck.app;

import dev.fleetdeck.analytics.LaunchSearch;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.story.StoryPlayer;
import dev.fleetdeck.ui.agent.AgentDetailViewModel;
import dev.fleetdeck.ui.alert.AlertsView;
import dev.fleetdeck.ui.alert.AlertsViewModel;
import dev.fleetdeck.ui.cache.CachesView;
import dev.fleetdeck.ui.cache.CachesViewModel;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.drain.DrainsView;
import dev.fleetdeck.ui.drain.DrainsViewModel;
import dev.fleetdeck.ui.fleet.FleetView;
import dev.fleetdeck.ui.fleet.FleetViewModel;
import dev.fleetdeck.ui.history.HistoryViewModel;
import dev.fleetdeck.ui.launch.LaunchSearchViewModel;
import dev.fleetdeck.ui.launch.LaunchViewModel;
import dev.fleetdeck.ui.launch.LaunchesView;
import dev.fleetdeck.ui.palette.CommandPalette;
import dev.fleetdeck.ui.palette.PaletteItems;
import dev.fleetdeck.ui.palette.PaletteTargets;
import dev.fleetdeck.ui.sessions.SessionsView;
import dev.fleetdeck.ui.sessions.SessionsViewModel;
import dev.fleetdeck.ui.shell.MainWindow;
import dev.fleetdeck.ui.shell.Page;
import dev.fleetdeck.ui.shell.PresentationMode;
import dev.fleetdeck.ui.shell.RedisStatus;
import dev.fleetdeck.ui.shell.TaskList;
import dev.fleetdeck.ui.shell.UiPreferences;
import dev.fleetdeck.ui.shell.WindowGeometry;
import dev.fleetdeck.ui.sizing.SizingView;
import dev.fleetdeck.ui.sizing.SizingViewModel;
import dev.fleetdeck.ui.startup.AnalyzerView;
import dev.fleetdeck.ui.startup.AnalyzerViewModel;
import dev.fleetdeck.ui.story.StoryBar;
import dev.fleetdeck.ui.theme.ThemeManager;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
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
    private final AlertsViewModel alertsVm;
    private final Consumer<StartupRecord> analyzerLaunched;
    private final CachesViewModel cachesVm;
    private final DrainsViewModel drainsVm;
    private final HistoryViewModel fleetHistoryVm;
    private final FleetView fleetPage;
    private final MainWindow window;
    private final CommandPalette palette;
    private final RedisStatus redisStatus;
    private final TaskList tasks;
    private final ThemeManager themes = new ThemeManager();
    private final BooleanProperty presentationSelected = new SimpleBooleanProperty();
    private UiPreferences prefs;
    private Stage stage;
    private PresentationMode presentation;
    private StoryBar storyBar;

    public ConsoleUi(Services services, String fleetLabel) {
        this.services = services;
        this.uiPool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "fleetdeck-ui-work");
            t.setDaemon(true);
            return t;
        });
        Background background = new Background(uiPool);
        int history = services.fleet().historyLength();
        fleetVm = new FleetViewModel(
                services.fleet(),
                services.workspaces(),
                services.config().settings(),
                services.stagingPools()::status,
                background);
        sessionsVm = new SessionsViewModel(services.fleet(), services.sessionControl(), background);
        launchVm = new LaunchViewModel(
                services.launcher(),
                services.bulkLaunch(),
                services.startupStore(),
                background,
                services.workspaces(),
                services.zones(),
                40,
                Clock.systemUTC(),
                services.progress());
        drainsVm = new DrainsViewModel(services.drains(), services.fleet(), background);
        cachesVm = new CachesViewModel(services.caches(), services.cacheTuning().targetHitRate());
        analyzerVm = new AnalyzerViewModel(services.startupStore(), services.startupAnalytics(), background);
        analyzerLaunched = analyzerVm::add;
        alertsVm = new AlertsViewModel(ZoneId.systemDefault());
        services.addAlertListener(alertsVm.listener());
        fleetHistoryVm = new HistoryViewModel("the fleet", services.history()::fleet, background);
        fleetPage = new FleetView(
                fleetVm,
                history,
                agent -> new AgentDetailViewModel(
                        agent,
                        services.fleet(),
                        background,
                        fleetVm.disk(),
                        range -> services.history().agent(agent, range)),
                fleetHistoryVm);
        SessionsView sessionsPage = new SessionsView(sessionsVm);
        List<Page> pages = List.of(
                fleetPage,
                sessionsPage,
                new LaunchesView(
                        launchVm, new LaunchSearchViewModel(services.startupStore(), new LaunchSearch(), background)),
                new AnalyzerView(analyzerVm),
                new CachesView(cachesVm),
                new DrainsView(drainsVm),
                new AlertsView(alertsVm),
                new SizingView(new SizingViewModel(services.sizing(), services.fleet()::current, background)));
        window = new MainWindow(pages, services.fleet(), background, themes, fleetLabel, services.simulated());
        PaletteTargets targets = new PaletteTargets() {
            @Override
            public void showPage(Page page) {
                window.show(page);
            }

            @Override
            public void showAgent(String agent) {
                fleetVm.searchProperty().set(agent);
                window.show(fleetPage);
            }

            @Override
            public void showSession(String sessionId) {
                sessionsVm.searchProperty().set(sessionId);
                window.show(sessionsPage);
            }
        };
        // current() is the monitor's last snapshot, already in memory: opening the palette asks no engine.
        palette = new CommandPalette(
                () -> PaletteItems.of(window.pages(), services.fleet().current(), targets));
        redisStatus = new RedisStatus(services.caches());
        window.addStatusItem(redisStatus.label());
        tasks = new TaskList(services.progress());
        window.addStatusItem(tasks.button());
    }

    /** Shows the window as the preferences remember it (size, theme, last view). */
    public void show(Stage stage, UiPreferences prefs, ConsoleOptions options) {
        this.prefs = prefs;
        if ("DARK".equals(prefs.get("theme", "LIGHT"))) {
            themes.themeProperty().set(ThemeManager.Theme.DARK);
        }
        show(stage);
        prefs.restoreWindow(stage);
        window.page(prefs.get("page", "")).ifPresent(window::show);
        fleetVm.zoneFilterProperty().set(prefs.get("fleet.zone", FleetViewModel.ALL));
        fleetVm.stateFilterProperty().set(prefs.get("fleet.state", FleetViewModel.ALL));
        fleetVm.searchProperty().set(prefs.get("fleet.search", ""));
        for (Node n : stage.getScene().getRoot().lookupAll(".table-view")) {
            prefs.restoreColumns((TableView<?>) n);
        }
        if (options.present()) {
            presentation.enter(options.tour());
        }
        services.story().ifPresent(this::showStory);
    }

    /** The demo story's caption bar and keys; its steps show their pages. */
    public void showStory(StoryPlayer player) {
        if (storyBar == null) {
            storyBar = new StoryBar(player, window);
            window.addBottomBar(storyBar.view());
            storyBar.attach(stage.getScene());
        }
    }

    /** Remembers the window for the next run; call while the window still exists. */
    public void savePreferences() {
        if (prefs == null || stage == null) {
            return;
        }
        prefs.saveWindow(stage);
        prefs.put("theme", themes.themeProperty().get().name());
        if (window.current() != null) {
            prefs.put("page", window.current().title());
        }
        prefs.saveColumns(stage.getScene().getRoot());
        prefs.put("fleet.zone", fleetVm.zoneFilterProperty().get());
        prefs.put("fleet.state", fleetVm.stateFilterProperty().get());
        prefs.put("fleet.search", fleetVm.searchProperty().get());
        prefs.flush();
    }

    public PresentationMode presentation() {
        return presentation;
    }

    public void show(Stage stage) {
        this.stage = stage;
        fleetVm.attach();
        fleetHistoryVm.attach();
        sessionsVm.attach();
        launchVm.attach();
        // Each launch that lands is added to the analysis as it is: no store read per launch.
        services.launcher().addFinishedListener(analyzerLaunched);
        drainsVm.attach();
        cachesVm.attach();
        redisStatus.attach();
        tasks.attach();
        // A first run's size, on the screen it opens on; show(stage, prefs, …) then applies the remembered one.
        WindowGeometry first = WindowGeometry.fit(WindowGeometry.screens(), Optional.empty());
        Scene scene = new Scene(window.build(), first.width(), first.height());
        themes.install(scene);
        palette.install(scene);
        stage.setScene(scene);
        presentation = new PresentationMode(stage, window);
        presentation.installKeys(scene);
        ToggleButton present = new ToggleButton("Presentation (F11)");
        present.setId("presentation-toggle");
        present.selectedProperty().bindBidirectional(presentationSelected);
        presentation.activeProperty().addListener((o, was, on) -> presentationSelected.set(on));
        presentationSelected.addListener((o, was, on) -> {
            if (on != presentation.activeProperty().get()) {
                presentation.toggle(Duration.ZERO);
            }
        });
        window.addSidebarAction(present);
        stage.setMinWidth(Math.min(WindowGeometry.MIN_WIDTH, first.width()));
        stage.setMinHeight(Math.min(WindowGeometry.MIN_HEIGHT, first.height()));
        first.applyTo(stage);
        stage.setTitle(services.simulated() ? "Fleetdeck — simulated demo fleet" : "Fleetdeck");
        stage.show();
        services.fleet().start();
        services.publishFigures("console"); // what fleetdeck agents prints, one reading for every operator
        services.startDiskWatch(); // off the refresh path, every diskInterval
        services.caches().start();
    }

    public MainWindow window() {
        return window;
    }

    public CommandPalette palette() {
        return palette;
    }

    public TaskList tasks() {
        return tasks;
    }

    public ThemeManager themes() {
        return themes;
    }

    @Override
    public void close() {
        // An agent's detail left open holds listeners and its history's timer: closed with the window.
        fleetPage.closeDetail();
        fleetVm.detach();
        fleetHistoryVm.detach();
        sessionsVm.detach();
        launchVm.detach();
        services.launcher().removeFinishedListener(analyzerLaunched);
        services.removeAlertListener(alertsVm.listener());
        drainsVm.detach();
        cachesVm.detach();
        redisStatus.detach();
        tasks.detach();
        palette.close();
        if (storyBar != null) {
            storyBar.detach();
        }
        uiPool.shutdownNow();
    }
}
