package dev.fleetdeck.ui.drain;

import dev.fleetdeck.config.DurationText;
import dev.fleetdeck.drain.AtDeadline;
import dev.fleetdeck.drain.DrainOptions;
import dev.fleetdeck.drain.DrainPreview;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * Preview first: which sessions and users a drain affects and whether the zone keeps its N+2
 * headroom; then the options. A drain that does not fit can only start with "force" ticked.
 */
public final class DrainDialog extends Dialog<DrainDialog.Choice> {

    /** The agent and how to drain it. */
    public record Choice(String agent, DrainOptions options) {}

    public DrainDialog(List<String> agents, String selected, Function<String, DrainPreview> preview) {
        setTitle("Drain an agent");
        setHeaderText("Cordon the agent at once, then wait for its sessions to end");
        ComboBox<String> agent = new ComboBox<>();
        agent.getItems().setAll(agents);
        agent.setValue(selected != null ? selected : agents.isEmpty() ? null : agents.get(0));
        agent.setId("drain-agent");
        TextArea previewText = new TextArea();
        previewText.setEditable(false);
        previewText.setPrefRowCount(9);
        previewText.setPrefColumnCount(70);
        previewText.setId("drain-preview");
        previewText.setStyle("-fx-font-family: monospace;");
        TextField deadline = new TextField("none");
        deadline.setId("drain-deadline");
        deadline.setPromptText("e.g. 30m, or none");
        ComboBox<AtDeadline> atDeadline = new ComboBox<>();
        atDeadline.getItems().setAll(AtDeadline.values());
        atDeadline.setValue(AtDeadline.STOP);
        TextField grace = new TextField("30s");
        TextField message = new TextField();
        message.setId("drain-message");
        message.setPromptText(DrainOptions.STANDARD_MESSAGE);
        CheckBox force = new CheckBox("Force: drain even though the zone loses its N+2 headroom");
        force.setId("drain-force");
        Label problem = new Label();
        problem.getStyleClass().add("danger-text");

        Runnable showPreview = () -> {
            if (agent.getValue() == null) {
                return;
            }
            DrainPreview p = preview.apply(agent.getValue());
            previewText.setText(String.join("\n", p.lines()));
            force.setDisable(p.fits());
            if (p.fits()) {
                force.setSelected(false);
            }
        };
        agent.valueProperty().addListener(o -> showPreview.run());
        showPreview.run();

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Agent"), agent);
        grid.addRow(1, new Label("Deadline"), deadline);
        grid.addRow(2, new Label("At the deadline"), atDeadline);
        grid.addRow(3, new Label("Grace before kill"), grace);
        // Sent into each session at the start, 10 and 1 minutes before the deadline, and at a stop.
        grid.addRow(4, new Label("Message to users"), message);
        VBox box = new VBox(10, grid, new Label("Preview"), previewText, force, problem);
        box.setPadding(new Insets(12));
        getDialogPane().setContent(box);

        ButtonType drain = new ButtonType("Drain", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, drain);
        getDialogPane().lookupButton(drain).setId("drain-confirm");
        // Refused drains need the force box; a bad duration is told in the dialog, not after it.
        getDialogPane().lookupButton(drain).addEventFilter(ActionEvent.ACTION, e -> {
            try {
                parse(deadline.getText(), true);
                parse(grace.getText(), false);
            } catch (IllegalArgumentException bad) {
                problem.setText(bad.getMessage());
                e.consume();
                return;
            }
            if (!force.isDisabled() && !force.isSelected()) {
                problem.setText("This drain does not fit (see the preview): tick force to drain anyway.");
                e.consume();
            }
        });
        setResultConverter(b -> {
            if (b != drain) {
                return null;
            }
            Duration d = parse(deadline.getText(), true);
            DrainOptions options = DrainOptions.waitForever()
                    .withDeadline(d, atDeadline.getValue())
                    .withGrace(parse(grace.getText(), false))
                    .withForce(force.isSelected())
                    .withNotices(message.getText(), DrainOptions.DEFAULT_NOTICES_BEFORE);
            return new Choice(agent.getValue(), options);
        });
    }

    private static Duration parse(String text, boolean noneAllowed) {
        String t = text == null ? "" : text.trim();
        if (noneAllowed && (t.isEmpty() || t.equalsIgnoreCase("none"))) {
            return null;
        }
        return DurationText.parse(t);
    }

    public Optional<Choice> ask() {
        return showAndWait();
    }
}
