package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleetdeck sizing}: the advice on the demo's generated month, its refusal and its bad input. */
class SizingCliTest {
    @TempDir
    Path home;

    @Test
    void theDemoListsItsHotAgentFirstWithAWarningAndBiggerOverridesForTheOthers() throws Exception {
        CliRun run = CliRun.in(home, "--demo", "sizing", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode report = new ObjectMapper().readTree(run.out());
        JsonNode hot = report.path("agents").get(0);
        assertThat(hot.path("agent").asText()).isEqualTo("sim-east-02");
        assertThat(hot.path("nearFull").asBoolean()).isTrue();
        assertThat(hot.path("warning").asText()).contains("no bigger override");
        assertThat(hot.path("ramOverrideBytes").isNull()).isTrue();
        JsonNode other = report.path("agents").get(1);
        assertThat(other.path("nearFull").asBoolean()).isFalse();
        assertThat(other.path("ramOverrideBytes").asLong())
                .isGreaterThan(other.path("ramTotalBytes").asLong());
        assertThat(other.path("types").get(0).path("moreSessions").asInt()).isPositive();
        assertThat(report.path("method").size()).isGreaterThan(3);

        CliRun text = CliRun.in(home, "--demo", "sizing", "--days", "3");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out())
                .startsWith("Sizing over the last 3 days")
                .contains("\n! sim-east-02 — RAM reached")
                .contains("How these numbers were got:");
    }

    @Test
    void lessThanADayOfHistoryIsRefusedInOneLineWithExitOne() throws Exception {
        Path config = home.resolve("fleet.yaml");
        Files.writeString(config, "agents:\n  - name: a\n    host: unix://" + home.resolve("no-engine.sock") + "\n");
        CliRun run = CliRun.in(home, "--config", config.toString(), "sizing");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().filter(l -> l.contains("sizing refused")))
                .singleElement()
                .asString()
                .contains("only 0 min of history in the last 7 days")
                .contains("needs at least a day");
    }

    @Test
    void aWindowOutsideOneToThirtyDaysIsBadInput() {
        for (String days : new String[] {"0", "31", "week"}) {
            CliRun run = CliRun.in(home, "--demo", "sizing", "--days", days);
            assertThat(run.exitCode()).as(days).isEqualTo(2);
            assertThat(run.err()).as(days).contains("--days");
        }
    }
}
