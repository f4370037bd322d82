package dev.fleetdeck.ui.launch;

import dev.fleetdeck.ui.shell.LazyPage;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/** Launch sessions and watch their startup timelines, the newest at the bottom. */
public final class LaunchesView extends LazyPage {
    private final LaunchViewModel vm;
    private final LaunchSearchViewModel searchVm;
    private TimelineChart chart;

    public LaunchesView(LaunchViewModel vm, LaunchSearchViewModel searchVm) {
        super("Launches", MaterialDesignR.ROCKET_LAUNCH_OUTLINE);
        this.vm = vm;
        this.searchVm = searchVm;
    }

    public TimelineChart chart() {
        view();
        return chart;
    }

    @Override
    protected Node build() {
        VBox view = content();
        vm.loadRecent();
        return view;
    }

    private VBox content() {
        Button launch = new Button("Launch…");
        launch.setId("launch-button");
        launch.getStyleClass().add("accent");
        launch.setMinWidth(Region.USE_PREF_SIZE);
        launch.disableProperty().bind(vm.runningProperty());
        launch.setOnAction(e -> new LaunchDialog(vm.catalog(), vm.zones())
                .ask()
                .ifPresent(c -> vm.launch(c.type(), c.user(), c.count(), c.zone(), Math.min(c.count(), 8))));
        Button cancel = new Button("Cancel");
        cancel.setId("launch-cancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        progress.setPrefWidth(160);
        Label status = new Label();
        status.setId("launch-status");
        status.textProperty().bind(vm.statusProperty());
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox bar = new HBox(8, launch, cancel, progress, status);
        bar.setAlignment(Pos.CENTER_LEFT);

        chart = new TimelineChart();
        chart.setId("timeline");
        chart.setRecords(vm.recent());
        vm.recent().addListener((ListChangeListener<Object>) c -> chart.setRecords(vm.recent()));
        ScrollPane scroll = new ScrollPane(chart);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        Label hint = new Label("Newest last. Hover a row for exact figures; ticks are status checks; "
                + "red under a row: a failed attempt on another agent.");
        hint.getStyleClass().add("muted");
        // Wraps on a narrow window rather than losing its end.
        hint.setWrapText(true);
        hint.setMinWidth(0);
        // The legend, then the hint on a line of its own, where it can wrap (an HBox keeps labels on one line).
        HBox legend = legend();
        legend.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(10, bar, new LaunchSearchPane(searchVm), legend, hint, scroll);
        box.setPadding(new Insets(12));
        return box;
    }

    private static HBox legend() {
        HBox box = new HBox(
                10,
                key("quota", "-fd-chart-quota"),
                key("placement", "-fd-chart-placement"),
                key("create", "-fd-chart-create"),
                key("readiness", "-fd-chart-ready"),
                key("staged", "-fd-chart-staged"),
                key("failed", "-fd-chart-failed"));
        box.setAlignment(Pos.CENTER_RIGHT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    /** A swatch in the chart's colour: the same looked-up colour the chart draws with. */
    private static HBox key(String name, String colour) {
        Label label = new Label(name);
        // The legend keeps its words; the hint beside it is what gives way in a narrow window.
        label.setMinWidth(Region.USE_PREF_SIZE);
        Rectangle swatch = new Rectangle(12, 12);
        swatch.setStyle("-fx-fill: " + colour + ";");
        HBox k = new HBox(4, swatch, label);
        k.setAlignment(Pos.CENTER_LEFT);
        return k;
    }
}
