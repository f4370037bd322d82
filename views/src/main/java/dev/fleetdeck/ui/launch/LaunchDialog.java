package dev.fleetdeck.ui.launch;

import dev.fleetdeck.config.WorkspaceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/** Asks what to launch: workspace type, user, how many, which zone. */
public final class LaunchDialog extends Dialog<LaunchDialog.Choice> {
    public static final String ANY_ZONE = "any zone";

    /** What the operator asked for; {@code zone} null = any. */
    public record Choice(String type, String user, int count, String zone) {}

    public LaunchDialog(List<WorkspaceType> catalog, List<String> zones) {
        setTitle("Launch workspaces");
        setHeaderText("Launch sessions through the pipeline: quota, placement, create, readiness");
        ComboBox<String> type = new ComboBox<>();
        catalog.forEach(w -> type.getItems().add(w.name()));
        type.getSelectionModel().selectFirst();
        type.setId("launch-type");
        TextField user = new TextField(System.getProperty("user.name", "operator"));
        user.setId("launch-user");
        Spinner<Integer> count = new Spinner<>(1, 500, 1);
        count.setEditable(true);
        count.setId("launch-count");
        ComboBox<String> zone = new ComboBox<>();
        List<String> zoneItems = new ArrayList<>();
        zoneItems.add(ANY_ZONE);
        zoneItems.addAll(zones);
        zone.getItems().setAll(zoneItems);
        zone.getSelectionModel().selectFirst();
        zone.setId("launch-zone");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        grid.addRow(0, new Label("Workspace"), type);
        grid.addRow(1, new Label("User"), user);
        grid.addRow(2, new Label("Sessions"), count);
        grid.addRow(3, new Label("Zone"), zone);
        getDialogPane().setContent(grid);
        ButtonType launch = new ButtonType("Launch", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, launch);
        getDialogPane()
                .lookupButton(launch)
                .disableProperty()
                .bind(user.textProperty().isEmpty().or(type.valueProperty().isNull()));
        getDialogPane().lookupButton(launch).setId("launch-confirm");
        setResultConverter(b -> b == launch
                ? new Choice(
                        type.getValue(),
                        user.getText().trim(),
                        count.getValue(),
                        ANY_ZONE.equals(zone.getValue()) ? null : zone.getValue())
                : null);
    }

    public Optional<Choice> ask() {
        return showAndWait();
    }
}
