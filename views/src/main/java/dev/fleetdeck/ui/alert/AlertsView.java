package dev.fleetdeck.ui.alert;

import dev.fleetdeck.ui.common.WrappingLabel;
import dev.fleetdeck.ui.shell.LazyPage;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;

/**
 * The alerts firing now across the fleet, with where each was delivered: one card per alert in a
 * scroll pane as wide as the page, so every text wraps to the page's width instead of being cut
 * (an alert's summary is the one line an operator reads). A fleet has a handful of alerts at a
 * time, so the cards are rebuilt whole when the list changes.
 */
public final class AlertsView extends LazyPage {
    private final AlertsViewModel vm;

    public AlertsView(AlertsViewModel vm) {
        super("Alerts", MaterialDesignB.BELL_OUTLINE);
        this.vm = vm;
    }

    @Override
    protected Node build() {
        Label status = WrappingLabel.of("muted");
        status.textProperty().bind(vm.status());
        VBox cards = new VBox(12);
        cards.setPadding(new Insets(4));
        Runnable fill = () -> {
            cards.getChildren().clear();
            if (vm.rows().isEmpty()) {
                cards.getChildren().add(new Label("No alerts firing"));
            }
            for (AlertRow row : vm.rows()) {
                cards.getChildren().add(card(row));
            }
        };
        vm.rows().addListener((ListChangeListener<AlertRow>) c -> fill.run());
        fill.run();
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox box = new VBox(10, status, scroll);
        box.setPadding(new Insets(16));
        return box;
    }

    private static Node card(AlertRow row) {
        Label title = WrappingLabel.of("alert-title");
        title.setText(row.severity().toUpperCase(Locale.ROOT) + "  " + row.key() + "  since " + row.since());
        title.getStyleClass().add("severity-" + row.severity());
        Label summary = WrappingLabel.of("alert-summary");
        summary.setText(row.summary());
        Label delivery = WrappingLabel.of("muted");
        delivery.setText(row.delivery());
        VBox card = new VBox(4, title, summary, delivery);
        if (!row.recommendations().isEmpty()) {
            Label advice = WrappingLabel.of("muted");
            advice.setText("→ " + String.join("\n→ ", row.recommendations()));
            card.getChildren().add(advice);
        }
        card.getStyleClass().add("alert-card");
        return card;
    }
}
