package dev.fleetdeck.ui.drain;

import dev.fleetdeck.drain.AuditEntry;
import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.text.NaturalOrder;
import dev.fleetdeck.ui.shell.LazyPage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.TaskProgressView;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/** Maintenance: drain, cordon, enable, cancel; running drains with their progress; the audit log. */
public final class DrainsView extends LazyPage {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private final DrainsViewModel vm;

    public DrainsView(DrainsViewModel vm) {
        super("Drains", MaterialDesignW.WRENCH_OUTLINE);
        this.vm = vm;
    }

    @Override
    protected VBox build() {
        ComboBox<String> agent = new ComboBox<>(vm.agents());
        agent.setId("drains-agent");
        if (!vm.agents().isEmpty()) {
            agent.setValue(vm.agents().get(0));
        }
        TextField reason = new TextField();
        reason.setId("drains-reason");
        reason.setPromptText("Reason (optional)");
        reason.setPrefColumnCount(16);
        Button drain = new Button("Drain…");
        drain.setId("drain-button");
        drain.getStyleClass().add("accent");
        drain.setOnAction(e -> new DrainDialog(vm.agents(), agent.getValue(), vm::preview)
                .ask()
                .ifPresent(c -> vm.drain(c.agent(), c.options(), reason.getText())));
        Button cordon = new Button("Cordon");
        cordon.setId("cordon-button");
        cordon.setOnAction(e -> vm.cordon(agent.getValue(), reason.getText()));
        Button enable = new Button("Enable");
        enable.setId("enable-button");
        enable.setOnAction(e -> vm.enable(agent.getValue()));
        Button cancel = new Button("Cancel drain");
        cancel.setId("cancel-drain-button");
        cancel.setOnAction(e -> vm.cancel(agent.getValue()));
        Label message = new Label();
        message.setId("drains-message");
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);
        message.setMinWidth(0);
        HBox.setHgrow(message, Priority.ALWAYS);
        HBox bar = new HBox(8, new Label("Agent"), agent, reason, drain, cordon, cancel, enable, message);
        bar.setAlignment(Pos.CENTER_LEFT);

        TaskProgressView<DrainsViewModel.DrainTask> progress = new TaskProgressView<>();
        progress.setId("drain-progress");
        progress.setPrefHeight(260);
        ListChangeListener<DrainsViewModel.DrainTask> sync = c -> {
            while (c.next()) {
                progress.getTasks().addAll(c.getAddedSubList());
            }
        };
        progress.getTasks().addAll(vm.tasks());
        vm.tasks().addListener(sync);

        TableView<AuditEntry> audit = new TableView<>(vm.audit());
        audit.setId("audit-table");
        audit.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        audit.setPlaceholder(new Label("No operator actions yet."));
        audit.getColumns()
                .addAll(List.of(
                        col("Time", a -> TIME.format(a.time()), 120),
                        col("Operator", AuditEntry::operator, 200),
                        col("Action", a -> a.action().name().toLowerCase(Locale.ROOT), 90),
                        col("Agent", AuditEntry::agent, 110),
                        col("Outcome", AuditEntry::outcome, 90),
                        col("Detail", a -> a.detail() == null ? "" : a.detail(), 400)));
        VBox.setVgrow(audit, Priority.ALWAYS);
        TableView<AdminEntry> out = new TableView<>(vm.outOfPlacement());
        out.setId("out-of-placement-table");
        out.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        out.setPlaceholder(new Label("Every agent is enabled."));
        out.setPrefHeight(150);
        TableColumn<AdminEntry, AdminEntry> enableColumn = new TableColumn<>("");
        enableColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        enableColumn.setCellFactory(c -> new EnableCell());
        enableColumn.setPrefWidth(90);
        out.getColumns()
                .addAll(List.of(
                        outCol("Agent", AdminEntry::agent, 110),
                        outCol("State", e -> e.state().label(), 90),
                        outCol("By", AdminEntry::by, 200),
                        outCol("Since", e -> TIME.format(e.since()), 120),
                        outCol("Why", e -> e.reason() == null ? "" : e.reason(), 300)));
        out.getColumns().add(enableColumn);
        Label outTitle = new Label("Out of placement (every console's cordons and drains)");
        outTitle.getStyleClass().add("section-title");
        Label running = new Label("Running drains");
        running.getStyleClass().add("section-title");
        Label log = new Label("Audit log (every operator action, newest first)");
        log.getStyleClass().add("section-title");
        VBox box = new VBox(10, bar, outTitle, out, running, progress, log, audit);
        box.setPadding(new Insets(12));
        return box;
    }

    private static TableColumn<AdminEntry, String> outCol(
            String title, Function<AdminEntry, String> value, double width) {
        TableColumn<AdminEntry, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** Enable, in the agent's row: puts it back in placement (refused while this console drains it). */
    private final class EnableCell extends TableCell<AdminEntry, AdminEntry> {
        private final Button button = new Button("Enable");

        EnableCell() {
            button.getStyleClass().add("small");
            button.setOnAction(e -> {
                if (getItem() != null) {
                    vm.enable(getItem().agent());
                }
            });
        }

        @Override
        protected void updateItem(AdminEntry item, boolean empty) {
            super.updateItem(item, empty);
            button.setId(item == null || empty ? null : "enable-" + item.agent());
            setGraphic(item == null || empty ? null : button);
        }
    }

    private static TableColumn<AuditEntry, String> col(String title, Function<AuditEntry, String> value, double width) {
        TableColumn<AuditEntry, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setComparator(NaturalOrder.values());
        c.setPrefWidth(width);
        return c;
    }
}
