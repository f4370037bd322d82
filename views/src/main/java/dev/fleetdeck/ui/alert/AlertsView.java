package dev.fleetdeck.ui.alert;

import dev.fleetdeck.ui.shell.LazyPage;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;

/**
 * The alerts firing now across the fleet, with where each was delivered. Texts wrap rather than
 * cut: an alert's summary is the one line an operator reads.
 */
public final class AlertsView extends LazyPage {
    private final AlertsViewModel vm;

    public AlertsView(AlertsViewModel vm) {
        super("Alerts", MaterialDesignB.BELL_OUTLINE);
        this.vm = vm;
    }

    @Override
    protected Node build() {
        Label status = new Label();
        status.textProperty().bind(vm.status());
        status.setWrapText(true);
        status.getStyleClass().add("muted");
        ListView<AlertRow> list = new ListView<>(vm.rows());
        list.setPlaceholder(new Label("No alerts firing"));
        list.setCellFactory(l -> new AlertCell());
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox box = new VBox(10, status, list);
        box.setPadding(new Insets(16));
        return box;
    }

    private static final class AlertCell extends ListCell<AlertRow> {
        private final Label title = wrapping("alert-title");
        private final Label summary = wrapping("alert-summary");
        private final Label delivery = wrapping("muted");
        private final Label advice = wrapping("muted");
        private final VBox box = new VBox(4, title, summary, delivery, advice);

        AlertCell() {
            // The cell's width follows the list's, so a long summary wraps instead of being cut.
            box.setMinWidth(0);
            box.prefWidthProperty().bind(widthProperty().subtract(24));
            setPrefWidth(0);
        }

        private static Label wrapping(String style) {
            Label l = new Label();
            l.setWrapText(true);
            l.getStyleClass().add(style);
            return l;
        }

        @Override
        protected void updateItem(AlertRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            title.setText(row.severity().toUpperCase(Locale.ROOT) + "  " + row.key() + "  since " + row.since());
            title.getStyleClass().removeAll("severity-critical", "severity-warning");
            title.getStyleClass().add("severity-" + row.severity());
            summary.setText(row.summary());
            delivery.setText(row.delivery());
            advice.setText(row.recommendations().isEmpty() ? "" : "→ " + String.join("\n→ ", row.recommendations()));
            advice.setManaged(!row.recommendations().isEmpty());
            advice.setVisible(!row.recommendations().isEmpty());
            setGraphic(box);
        }
    }
}
