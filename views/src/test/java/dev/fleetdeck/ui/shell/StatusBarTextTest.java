package dev.fleetdeck.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.FleetSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusBarTextTest {
    private static AgentSnapshot agent(String name, AgentState state) {
        return new AgentSnapshot(
                name,
                "east",
                state,
                "20.10",
                16,
                64L << 30,
                16,
                64L << 30,
                1,
                1L << 30,
                0,
                0,
                0,
                List.of(),
                0,
                Duration.ofMillis(1),
                Instant.EPOCH,
                null,
                null,
                null,
                null);
    }

    private static FleetSnapshot fleet(AgentSnapshot... agents) {
        return new FleetSnapshot(Instant.EPOCH, List.of(agents));
    }

    @Test
    void aHealthyFleetIsOneShortPhraseWhateverItsSize() {
        List<AgentSnapshot> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(agent("agent-" + i, i % 7 == 0 ? AgentState.CORDONED : AgentState.ENABLED));
        }
        assertThat(MainWindow.connectionSummary(new FleetSnapshot(Instant.EPOCH, many)))
                .isEqualTo("● all 200 agents online");
    }

    @Test
    void offlineAgentsAreNamedUpToThreeThenCounted() {
        assertThat(MainWindow.connectionSummary(
                        fleet(agent("a1", AgentState.ENABLED), agent("a2", AgentState.OFFLINE))))
                .isEqualTo("● 1 of 2 online · ○ offline: a2");
        assertThat(MainWindow.connectionSummary(fleet(
                        agent("a1", AgentState.OFFLINE),
                        agent("a2", AgentState.OFFLINE),
                        agent("a3", AgentState.OFFLINE),
                        agent("a4", AgentState.OFFLINE),
                        agent("a5", AgentState.OFFLINE),
                        agent("a6", AgentState.DRAINING))))
                .isEqualTo("● 1 of 6 online · ○ offline: a1, a2, a3 +2 more");
    }

    @Test
    void agentsNotYetRefreshedAreConnectingNotOffline() {
        assertThat(MainWindow.connectionSummary(
                        fleet(AgentSnapshot.connecting("a1", "east"), agent("a2", AgentState.ENABLED))))
                .isEqualTo("● 1 of 2 online · 1 connecting");
        assertThat(MainWindow.connectionSummary(fleet())).isEqualTo("no agents");
    }

    @Test
    void backgroundTasksReadAsWords() {
        assertThat(MainWindow.tasksText(0)).isEmpty();
        assertThat(MainWindow.tasksText(1)).isEqualTo("loading…");
        assertThat(MainWindow.tasksText(3)).isEqualTo("loading… (3)");
    }
}
