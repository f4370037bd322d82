package dev.fleetdeck.ui.launch;

import dev.fleetdeck.ui.shell.LazyPage;
import javafx.beans.value.ObservableValue;
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
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/** Launch sessions and watch their startup timelines, the newest at the bottom. */
public final class LaunchesView extends LazyPage {
    private final LaunchViewModel vm;
    private final LaunchSearchViewModel searchVm;
    private final ObservableValue<Boolean> dark;
    private TimelineChart chart;

    /** @param dark whether the window's theme is dark: the chart draws its own text */
    public LaunchesView(LaunchViewModel vm, LaunchSearchViewModel searchVm, ObservableValue<Boolean> dark) {
        super("Launches", MaterialDesignR.ROCKET_LAUNCH_OUTLINE);
        this.vm = vm;
        this.searchVm = searchVm;
        this.dark = dark;
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
        launch.setOnAction(e -> new LaunchDialog(vm.catalog(), vm.zones()).ask()
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
        chart.setDark(Boolean.TRUE.equals(dark.getValue()));
        dark.addListener((o, was, now) -> chart.setDark(Boolean.TRUE.equals(now)));
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
        VBox box = new VBox(10, bar, new LaunchSearchPane(searchVm, dark), legend, hint, scroll);
        box.setPadding(new Insets(12));
        return box;
    }

    private static HBox legend() {
        HBox box = new HBox(10,
                key("quota", TimelineChart.QUOTA), key("placement", TimelineChart.PLACEMENT),
                key("create", TimelineChart.CREATE), key("readiness", TimelineChart.MONITORING),
                key("staged", TimelineChart.STAGED), key("failed", TimelineChart.FAILED));
        box.setAlignment(Pos.CENTER_RIGHT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private static HBox key(String name, Color c) {
        Label label = new Label(name);
        // The legend keeps its words; the hint beside it is what gives way in a narrow window.
        label.setMinWidth(Region.USE_PREF_SIZE);
        HBox k = new HBox(4, new Rectangle(12, 12, c), label);
        k.setAlignment(Pos.CENTER_LEFT);
        return k;
    }
}
