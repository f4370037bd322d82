package dev.fleetdeck.ui.shell;

import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.common.FxLatest;
import dev.fleetdeck.ui.theme.ThemeManager;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The window's frame: sidebar of pages, the current page, and a status bar with each agent's
 * connection, the last refresh and the background tasks running.
 */
public final class MainWindow {
    private final List<Page> pages;
    private final FleetMonitor monitor;
    private final Background background;
    private final ThemeManager themes;
    private final String fleetLabel;
    private final boolean simulated;
    private final BorderPane root = new BorderPane();
    private final ToggleGroup nav = new ToggleGroup();
    private Page current;
    private final VBox sidebarFoot = new VBox();
    private final HBox statusItems = new HBox(16);

    /**
     * @param fleetLabel what this fleet is, e.g. the config file or "simulated demo fleet"
     * @param simulated  true for the demo fleet: labelled as such in the window, always
     */
    public MainWindow(
            List<Page> pages,
            FleetMonitor monitor,
            Background background,
            ThemeManager themes,
            String fleetLabel,
            boolean simulated) {
        this.pages = List.copyOf(pages);
        this.monitor = monitor;
        this.background = background;
        this.themes = themes;
        this.fleetLabel = fleetLabel;
        this.simulated = simulated;
    }

    public Parent build() {
        root.getStyleClass().add("main-window");
        root.setLeft(sidebar());
        root.setBottom(statusBar());
        if (simulated) {
            Label banner = new Label("SIMULATED FLEET — demo data, no real agents");
            banner.getStyleClass().add("demo-banner");
            banner.setMaxWidth(Double.MAX_VALUE);
            banner.setId("demo-banner");
            root.setTop(banner);
        }
        show(pages.get(0));
        // Ctrl+1 … Ctrl+9 reach the pages in sidebar order.
        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene == null) {
                return;
            }
            for (int i = 0; i < Math.min(9, pages.size()); i++) {
                Page p = pages.get(i);
                scene.getAccelerators()
                        .put(
                                new KeyCodeCombination(
                                        KeyCode.valueOf("DIGIT" + (i + 1)), KeyCombination.SHORTCUT_DOWN),
                                () -> show(p));
            }
        });
        return root;
    }

    public void show(Page page) {
        current = page;
        root.setCenter(page.view());
        nav.getToggles().stream()
                .filter(t -> t.getUserData() == page)
                .findFirst()
                .ifPresent(t -> t.setSelected(true));
    }

    public List<Page> pages() {
        return pages;
    }

    public Page current() {
        return current;
    }

    /** The page of that title, if there is one (for restoring the last view). */
    public Optional<Page> page(String title) {
        return pages.stream().filter(p -> p.title().equals(title)).findFirst();
    }

    /** Adds a button to the sidebar's foot (above the theme switch). */
    public void addSidebarAction(ButtonBase action) {
        action.setMaxWidth(Double.MAX_VALUE);
        sidebarFoot.getChildren().add(0, action);
    }

    /** Puts a bar above the status bar, as wide as the window (the demo story's captions). */
    public void addBottomBar(Node bar) {
        root.setBottom(new VBox(bar, root.getBottom()));
    }

    /** Adds an item to the status bar, after the agents' connections (e.g. Redis's state). */
    public void addStatusItem(Node item) {
        statusItems.getChildren().add(item);
    }

    private VBox sidebar() {
        Label brand = new Label("Fleetdeck");
        brand.getStyleClass().add("brand");
        VBox box = new VBox(4, brand);
        box.getStyleClass().add("sidebar");
        box.setPadding(new Insets(12, 8, 12, 8));
        for (Page p : pages) {
            ToggleButton b = new ToggleButton(p.title(), new FontIcon(p.icon()));
            b.setUserData(p);
            b.setToggleGroup(nav);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.getStyleClass().add("nav-button");
            b.setId("nav-" + p.title().toLowerCase(Locale.ROOT));
            b.setOnAction(e -> {
                show(p);
                b.setSelected(true);
            });
            b.setTooltip(new Tooltip(p.title() + " (Ctrl+" + (pages.indexOf(p) + 1) + ")"));
            box.getChildren().add(b);
        }
        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        sidebarFoot.setSpacing(4);
        ToggleButton dark = new ToggleButton("Dark theme");
        dark.setId("theme-toggle");
        dark.setSelected(themes.themeProperty().get() == ThemeManager.Theme.DARK);
        dark.selectedProperty()
                .addListener((o, a, on) ->
                        themes.themeProperty().set(on ? ThemeManager.Theme.DARK : ThemeManager.Theme.LIGHT));
        dark.setMaxWidth(Double.MAX_VALUE);
        themes.themeProperty().addListener((o, a, t) -> dark.setSelected(t == ThemeManager.Theme.DARK));
        sidebarFoot.getChildren().add(dark);
        box.getChildren().addAll(grow, sidebarFoot);
        // As wide as its longest label ("Presentation (F11)" in the theme's font), never cut.
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private HBox statusBar() {
        Label source = new Label(fleetLabel);
        source.setId("status-source");
        Label agents = new Label();
        agents.setId("status-agents");
        // The agents' summary is the one item that may shorten; the others keep their words.
        agents.setMinWidth(80);
        Tooltip perAgent = new Tooltip();
        agents.setTooltip(perAgent);
        Label tasks = new Label();
        tasks.setId("status-tasks");
        tasks.textProperty().bind(background.runningProperty().map(n -> tasksText(n.intValue())));
        // Only while the UI's executor works: the Tasks button beside it is the list of long work,
        // and two items saying "none" side by side read as one thing said twice.
        tasks.visibleProperty().bind(background.runningProperty().greaterThan(0));
        tasks.managedProperty().bind(tasks.visibleProperty());
        Label refreshed = new Label();
        refreshed.setId("status-refreshed");
        for (Label fixed : List.of(source, tasks, refreshed)) {
            fixed.setMinWidth(Region.USE_PREF_SIZE);
        }
        FxLatest<FleetSnapshot> update = new FxLatest<>(f -> showConnections(f, agents, perAgent, refreshed));
        monitor.addListener(update);
        showConnections(monitor.current(), agents, perAgent, null);
        statusItems.setAlignment(Pos.CENTER_LEFT);
        statusItems.setMinWidth(Region.USE_PREF_SIZE);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(16, source, agents, statusItems, grow, tasks, refreshed);
        bar.getStyleClass().add("status-bar");
        bar.setPadding(new Insets(4, 10, 4, 10));
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static void showConnections(FleetSnapshot f, Label agents, Tooltip perAgent, Label refreshed) {
        agents.setText(connectionSummary(f));
        String list = connectionList(f);
        // A new tooltip text only when an agent's connection changed, not on every refresh.
        if (!list.equals(perAgent.getText())) {
            perAgent.setText(list);
        }
        if (refreshed != null) {
            refreshed.setText("refreshed "
                    + LocalTime.ofInstant(f.taken(), ZoneId.systemDefault()).withNano(0));
        }
    }

    /**
     * One line however large the fleet: how many agents answer, and which do not (the first
     * three by name). The tooltip lists every agent.
     */
    static String connectionSummary(FleetSnapshot f) {
        int total = f.agents().size();
        if (total == 0) {
            return "no agents";
        }
        List<String> offline = f.agents().stream()
                .filter(a -> a.state() == AgentState.OFFLINE)
                .map(AgentSnapshot::name)
                .toList();
        long connecting = f.agents().stream()
                .filter(a -> a.state() == AgentState.CONNECTING)
                .count();
        long online = total - offline.size() - connecting;
        if (online == total) {
            return "● all " + total + " agents online";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "● %d of %d online", online, total));
        if (!offline.isEmpty()) {
            sb.append(" · ○ offline: ").append(String.join(", ", offline.subList(0, Math.min(3, offline.size()))));
            if (offline.size() > 3) {
                sb.append(" +").append(offline.size() - 3).append(" more");
            }
        }
        if (connecting > 0) {
            sb.append(" · ").append(connecting).append(" connecting");
        }
        return sb.toString();
    }

    private static String connectionList(FleetSnapshot f) {
        StringBuilder sb = new StringBuilder();
        for (AgentSnapshot a : f.agents()) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(a.online() ? "● " : "○ ")
                    .append(a.name())
                    .append("  ")
                    .append(a.state().label());
        }
        return sb.toString();
    }

    /** The UI executor's work in flight (reads, refreshes), shown only while there is some. */
    static String tasksText(int running) {
        return running == 0 ? "" : running == 1 ? "loading…" : "loading… (" + running + ")";
    }
}
