package dev.fleetdeck.ui.launch;

import dev.fleetdeck.startup.StartupRecord;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** "Find a past launch": the criteria, the launches found, and the one or two picked drawn side by side. */
final class LaunchSearchPane extends TitledPane {
    LaunchSearchPane(LaunchSearchViewModel vm) {
        setText("Find a past launch");
        setExpanded(false);
        setId("launch-search");
        ComboBox<String> outcome =
                new ComboBox<>(FXCollections.observableArrayList(LaunchSearchViewModel.ANY, "ready", "failed"));
        outcome.valueProperty().bindBidirectional(vm.outcomeProperty());
        outcome.setId("search-outcome");
        Button find = new Button("Search");
        find.setId("search-run");
        find.setDefaultButton(false);
        find.setOnAction(e -> vm.search());
        FlowPane criteria = new FlowPane(
                8,
                6,
                field("session", vm.sessionProperty(), "search-session", 120),
                field("user", vm.userProperty(), "search-user", 100),
                field("agent", vm.agentProperty(), "search-agent", 100),
                field("type", vm.typeProperty(), "search-type", 90),
                field("from (UTC)", vm.fromProperty(), "search-from", 150),
                field("to", vm.toProperty(), "search-to", 150),
                new HBox(4, new Label("outcome"), outcome),
                field("slower than (s)", vm.slowerThanSecondsProperty(), "search-slower", 60),
                find);
        criteria.setAlignment(Pos.CENTER_LEFT);
        Label status = new Label();
        status.setId("search-status");
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add("muted");

        TableView<StartupRecord> table = new TableView<>(vm.found());
        table.setId("search-results");
        table.setPrefHeight(200);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns()
                .addAll(List.of(
                        col("Started (UTC)", r -> String.valueOf(r.performance().provisioningStartedAt())),
                        col("Session", StartupRecord::sessionId),
                        col("Type", StartupRecord::workspaceType),
                        col("User", StartupRecord::user),
                        col("Agent", r -> r.agent() == null ? "-" : r.agent()),
                        col("Outcome", r -> r.outcome().json()),
                        col(
                                "Startup",
                                r -> String.format(
                                        Locale.ROOT, "%.1f s", r.performance().totalStartupTimeMs() / 1000.0))));
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<StartupRecord>)
                c -> vm.compare(List.copyOf(table.getSelectionModel().getSelectedItems())));
        Label hint =
                new Label("Pick one launch to draw its timeline, or two (Ctrl-click) to compare them side by side.");
        hint.getStyleClass().add("muted");

        TimelineChart left = chart("compare-left");
        TimelineChart right = chart("compare-right");
        HBox compare = new HBox(10, left, right);
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        vm.compared().addListener((ListChangeListener<StartupRecord>) c -> {
            List<StartupRecord> picked = vm.compared();
            left.setRecords(picked.isEmpty() ? List.of() : List.of(picked.get(0)));
            right.setRecords(picked.size() < 2 ? List.of() : List.of(picked.get(1)));
        });
        setContent(new VBox(8, criteria, status, table, hint, compare));
    }

    private static TimelineChart chart(String id) {
        TimelineChart chart = new TimelineChart();
        chart.setId(id);
        chart.setMinWidth(0);
        return chart;
    }

    private static HBox field(String label, StringProperty value, String id, double width) {
        TextField f = new TextField();
        f.textProperty().bindBidirectional(value);
        f.setId(id);
        f.setPrefWidth(width);
        HBox box = new HBox(4, new Label(label), f);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static TableColumn<StartupRecord, String> col(String title, Function<StartupRecord, String> value) {
        TableColumn<StartupRecord, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }
}
