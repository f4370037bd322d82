package dev.fleetdeck.ui.sizing;

import dev.fleetdeck.sizing.AgentAdvice;
import dev.fleetdeck.sizing.SizingReport;
import dev.fleetdeck.sizing.SizingText;
import dev.fleetdeck.ui.common.WrappingLabel;
import dev.fleetdeck.ui.shell.LazyPage;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The sizing advisor's report: one card per agent (those that came near full first, in the
 * warning colour), each with its figures, the recommended overrides and what they yield per
 * type, then how the numbers were got. The same lines as {@code fleetdeck sizing}
 * ({@link SizingText}). Cards wrap to the page's width; a fleet's report is rebuilt whole.
 */
public final class SizingView extends LazyPage {
    private final SizingViewModel vm;

    public SizingView(SizingViewModel vm) {
        super("Sizing", MaterialDesignS.SCALE_BALANCE);
        this.vm = vm;
    }

    @Override
    protected Node build() {
        ComboBox<Integer> days = new ComboBox<>(FXCollections.observableArrayList(1, 3, 7, 14, 30));
        days.setId("sizing-days");
        days.setValue(vm.daysProperty().get());
        days.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.daysProperty().set(now);
            }
        });
        Button refresh = new Button("Refresh");
        refresh.setId("sizing-refresh");
        refresh.setOnAction(e -> vm.ask());
        Label heading = WrappingLabel.of("tile-title");
        heading.setId("sizing-heading");
        HBox top = new HBox(8, new Label("Window (days)"), days, refresh, heading);
        top.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(heading, Priority.ALWAYS);
        Label status = WrappingLabel.of("muted");
        status.setId("sizing-status");
        status.textProperty().bind(vm.statusProperty());
        status.managedProperty().bind(status.textProperty().isNotEmpty());
        status.visibleProperty().bind(status.textProperty().isNotEmpty());

        VBox cards = new VBox(12);
        cards.setId("sizing-cards");
        cards.setPadding(new Insets(4));
        Runnable fill = () -> {
            SizingReport r = vm.reportProperty().get();
            heading.setText(r == null ? "" : SizingText.heading(r));
            cards.getChildren().clear();
            if (r == null) {
                return;
            }
            for (AgentAdvice a : r.agents()) {
                cards.getChildren().add(card(a));
            }
            cards.getChildren().add(lines("How these numbers were got", r.method(), "sizing-method"));
            if (!r.notes().isEmpty()) {
                cards.getChildren().add(lines("Notes", r.notes(), "sizing-notes"));
            }
        };
        vm.reportProperty().addListener((o, was, r) -> fill.run());
        fill.run();
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox box = new VBox(10, top, status, scroll);
        box.setPadding(new Insets(16));
        box.setId("sizing-view");
        // The first look asks; later ones keep what was read until Refresh or another window.
        vm.ask();
        return box;
    }

    private static Node card(AgentAdvice a) {
        Label title = WrappingLabel.of("alert-title");
        title.setText(SizingText.title(a));
        if (a.nearFull()) {
            title.getStyleClass().add("severity-warning");
        }
        VBox card = new VBox(4, title);
        for (String line : SizingText.body(a)) {
            Label l = WrappingLabel.of(line.startsWith("recommended") ? "alert-summary" : "muted");
            l.setText(line.strip());
            card.getChildren().add(l);
        }
        card.getStyleClass().add("alert-card");
        card.setId("sizing-card-" + a.agent());
        return card;
    }

    private static Node lines(String title, List<String> lines, String id) {
        Label t = WrappingLabel.of("tile-title");
        t.setText(title);
        VBox box = new VBox(4, t);
        for (String line : lines) {
            Label l = WrappingLabel.of("muted");
            l.setText("• " + line);
            box.getChildren().add(l);
        }
        box.setId(id);
        return box;
    }
}
