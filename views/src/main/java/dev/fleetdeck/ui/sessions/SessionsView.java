package dev.fleetdeck.ui.sessions;

import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.ui.common.ColumnFit;
import dev.fleetdeck.ui.common.ColumnOrder;
import dev.fleetdeck.ui.common.Format;
import dev.fleetdeck.ui.common.LiveCell;
import dev.fleetdeck.ui.common.LiveRow;
import dev.fleetdeck.ui.shell.LazyPage;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;

/** Every session on every agent, with stop and destroy behind a confirmation. */
public final class SessionsView extends LazyPage {
    private final SessionsViewModel vm;
    private VBox root;

    public SessionsView(SessionsViewModel vm) {
        super("Sessions", MaterialDesignM.MONITOR_MULTIPLE);
        this.vm = vm;
    }

    @Override
    protected Node build() {
        root = content();
        // The window swaps pages in and out of its scene: out of it, the rows need no updates.
        root.sceneProperty().addListener((o, was, scene) -> vm.setShown(scene != null));
        vm.setShown(root.getScene() != null);
        return root;
    }

    private VBox content() {
        TableView<LiveRow<Session>> table = new TableView<>(vm.rows());
        table.setId("sessions-table");
        // The view-model sorts, off the FX thread; the table says by what.
        table.setSortPolicy(t -> true);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No Fleetdeck sessions are running."));
        List<TableColumn<LiveRow<Session>, LiveRow<Session>>> columns = List.of(
                col("Session", Session::sessionId, Session::sessionId, 145),
                col("User", Session::user, Session::user, 100),
                col("Workspace", Session::workspaceType, Session::workspaceType, 100),
                col("Agent", Session::agent, Session::agent, 120),
                col("Age", Session::created, s -> Format.age(s.created(), Instant.now()), 90),
                // A staged session waits for a user; one a user took says it came from a pool.
                col("State", SessionsView::state, SessionsView::state, 120),
                col(
                        "Health",
                        s -> s.health() == null ? "" : s.health(),
                        s -> s.health() == null ? "—" : s.health(),
                        80),
                col("CPU", Session::cpuPercent, s -> String.format(Locale.ROOT, "%.1f %%", s.cpuPercent()), 70),
                col("RAM", Session::memUsedBytes, s -> Format.bytes(s.memUsedBytes()), 90),
                col(
                        "Reserved",
                        Session::cores,
                        s -> Format.cores(s.cores()) + " cores · " + Format.bytes(s.memoryBytes()),
                        150));
        table.getColumns().addAll(columns);
        // A new comparator comes with every change of the sorted columns or their directions.
        table.comparatorProperty()
                .addListener(o -> vm.orderProperty().set(ColumnOrder.<Session>of(table.getSortOrder())));
        // A narrow window hides these first (Health, Reserved, CPU, RAM, Age, Workspace), never cuts a figure.
        ColumnFit.install(
                table,
                List.of(
                        columns.get(6),
                        columns.get(9),
                        columns.get(7),
                        columns.get(8),
                        columns.get(4),
                        columns.get(2)));
        VBox.setVgrow(table, Priority.ALWAYS);

        TextField search = new TextField();
        search.setId("session-search");
        search.setPromptText("Search user, workspace, agent, session");
        search.textProperty().bindBidirectional(vm.searchProperty());
        search.setPrefColumnCount(28);
        Button stop = new Button("Stop…");
        Button destroy = new Button("Destroy…");
        destroy.getStyleClass().add("danger");
        stop.disableProperty()
                .bind(table.getSelectionModel().selectedItemProperty().isNull());
        destroy.disableProperty()
                .bind(table.getSelectionModel().selectedItemProperty().isNull());
        stop.setOnAction(e -> confirm(selected(table), "Stop", vm::stop));
        destroy.setOnAction(e -> confirm(selected(table), "Destroy", vm::destroy));
        Label count = new Label();
        count.textProperty().bind(vm.countProperty());
        count.getStyleClass().add("muted");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(8, search, count, grow, stop, destroy);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label message = new Label();
        message.textProperty().bind(vm.messageProperty());
        VBox box = new VBox(10, bar, table, message);
        box.setPadding(new Insets(12));
        return box;
    }

    private static void confirm(Session s, String verb, Consumer<Session> action) {
        if (s == null) {
            return;
        }
        Alert alert = new Alert(
                Alert.AlertType.CONFIRMATION,
                verb + " session " + s.sessionId() + " of " + s.user() + " on " + s.agent() + "?",
                ButtonType.CANCEL,
                ButtonType.OK);
        alert.setHeaderText(verb + " session");
        alert.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> action.accept(s));
    }

    static String state(Session s) {
        return s.waitingInPool() ? "staged" : s.staged() ? s.state() + " · from pool" : s.state();
    }

    private static Session selected(TableView<LiveRow<Session>> table) {
        LiveRow<Session> row = table.getSelectionModel().getSelectedItem();
        return row == null ? null : row.get();
    }

    /** A column showing {@code text}, sorted by {@code key} (numbers as numbers, ages by time). */
    private static <K> TableColumn<LiveRow<Session>, LiveRow<Session>> col(
            String title, Function<Session, K> key, Function<Session, String> text, double width) {
        TableColumn<LiveRow<Session>, LiveRow<Session>> c =
                LiveCell.column(title, LiveRow::self, r -> key.apply(r.get()));
        ColumnOrder.key(c, key);
        c.setCellFactory(column -> LiveCell.text(LiveRow::valueProperty, text));
        c.setPrefWidth(width);
        c.setMinWidth(width);
        return c;
    }
}
