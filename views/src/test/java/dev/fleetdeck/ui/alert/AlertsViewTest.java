package dev.fleetdeck.ui.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.alert.AlertRules;
import dev.fleetdeck.alert.AlertWatch;
import dev.fleetdeck.alert.FleetFacts;
import dev.fleetdeck.alert.InMemoryAlertStore;
import dev.fleetdeck.config.AlertsConfig;
import dev.fleetdeck.drain.InProcessLease;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Alerts page follows a real alert watch: a firing alert appears whole, and goes when it resolves. */
@ExtendWith(ApplicationExtension.class)
class AlertsViewTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<AgentState> state = new AtomicReference<>(AgentState.OFFLINE);
    private final AlertsViewModel vm = new AlertsViewModel(ZoneOffset.UTC);
    private AlertWatch watch;

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(new AlertsView(vm).view()), 640, 480));
        stage.show();
    }

    @AfterEach
    void stop() {
        watch.close();
        scheduler.shutdownNow();
    }

    @Test
    void aFiringAlertIsListedWholeWithItsDeliveryAndLeavesWhenItResolves(FxRobot robot) throws Exception {
        AlertsConfig config = new AlertsConfig(List.of(), Optional.empty(), 1, 70_000, 0.1, Duration.ofMinutes(5));
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        watch = new AlertWatch(
                new AlertRules(config, 95),
                () -> new FleetFacts(
                        clock.instant(),
                        List.of(agent(state.get())),
                        List.of(),
                        List.of(),
                        List.of(),
                        Optional.empty()),
                new InMemoryAlertStore(),
                List.of(),
                new InProcessLease(clock),
                "window pid 7",
                Duration.ofSeconds(30),
                scheduler,
                clock,
                line -> {},
                vm.listener());
        watch.tick();
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(vm.rows()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("agent.offline/east-07");
            assertThat(r.delivery()).startsWith("no destination configured");
        });
        assertThat(vm.status().get()).startsWith("1 alert firing · evaluated by window pid 7 at 1 Dec 10:00:00");
        Label summary = robot.lookup(".alert-summary").queryAs(Label.class);
        assertThat(summary.getText()).contains("east-07 is offline: connection refused");
        // Wrapped, not cut: once laid out, the text drawn is the whole text.
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> summary.lookup(".text") instanceof Text t && t.getText().equals(summary.getText()));
        assertThat(((Text) summary.lookup(".text")).getText()).isEqualTo(summary.getText());

        state.set(AgentState.ENABLED);
        watch.tick();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.status().get()).startsWith("0 alerts firing");
    }

    private static AgentSnapshot agent(AgentState s) {
        long total = 16L << 30;
        return new AgentSnapshot(
                "east-07",
                "east",
                s,
                "20.10",
                8,
                total,
                8,
                total,
                1,
                total / 4,
                0,
                0,
                0,
                List.of(),
                0,
                Duration.ofMillis(3),
                Instant.parse("2026-12-01T10:00:00Z"),
                s == AgentState.OFFLINE
                        ? "connection refused by the engine's socket at unix:///run/east-07.sock"
                        : null,
                null,
                null,
                null);
    }
}
