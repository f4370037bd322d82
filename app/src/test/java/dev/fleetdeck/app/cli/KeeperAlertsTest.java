package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Main;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.HookReceiver;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keeper evaluates the alert rules with no window open: an agent that does not answer reaches
 * the team's webhook, and {@code fleetdeck alerts} in another process shows it delivered.
 */
@RealTestBed
class KeeperAlertsTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static final String TOKEN = "keeper-hook-token-0xbeef";

    @TempDir
    Path home;

    @Test
    void aKeeperSendsAnOfflineAgentToTheWebhookAndAlertsShowsItDelivered(TestBed bed) throws Exception {
        try (HookReceiver receiver = new HookReceiver()) {
            StringBuilder yaml = new StringBuilder("agents:\n");
            yaml.append("  - name: ")
                    .append(bed.agents().get(0))
                    .append("\n    host: ")
                    .append(bed.host(bed.agents().get(0)))
                    .append("\n");
            // An agent whose socket does not exist: offline at every refresh.
            yaml.append("  - name: ghost\n    host: unix://")
                    .append(home.resolve("no-such-docker.sock"))
                    .append("\n");
            yaml.append("settings: { refreshInterval: 500ms, agentTimeout: 10s }\n");
            yaml.append("alerts:\n  offlineAfter: 2\n  webhooks:\n    - url: ")
                    .append(receiver.url("/hook"))
                    .append("\n      headers: {Authorization: {env: HOOK_TOKEN}}\n");
            Path config = Files.writeString(home.resolve("fleet.yaml"), yaml);
            Path out = home.resolve("keeper.out");
            ProcessBuilder pb = new ProcessBuilder(
                            java(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            Main.class.getName(),
                            "--config",
                            config.toString(),
                            "keeper")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env());
            Process keeper = pb.start();
            try {
                List<HookReceiver.Received> got =
                        receiver.await(r -> r.body().contains("agent.offline/ghost"), Duration.ofSeconds(90));
                assertThat(got).as(Files.readString(out)).hasSize(1);
                JsonNode body = JSON.readTree(got.get(0).body());
                assertThat(body.get("status").asText()).isEqualTo("firing");
                assertThat(body.get("agent").asText()).isEqualTo("ghost");
                assertThat(got.get(0).header("Authorization")).isEqualTo(TOKEN);

                List<String> command = List.of(
                        java(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "--config",
                        config.toString(),
                        "alerts",
                        "--json");
                ProcessRun alerts = ProcessRun.run(command, env(), Duration.ofMinutes(2));
                assertThat(alerts.exitCode()).as(alerts.stderr()).isZero();
                JsonNode book = JSON.readTree(alerts.stdout());
                assertThat(book.get("stale").asBoolean()).isFalse();
                assertThat(book.get("active").findValuesAsText("key")).contains("agent.offline/ghost");
                assertThat(alerts.stdout()).contains("delivered").doesNotContain(TOKEN);
            } finally {
                keeper.destroy(); // SIGTERM: the keeper gives its leases up
                keeper.waitFor(30, TimeUnit.SECONDS);
                keeper.destroyForcibly();
            }
            String said = Files.readString(out);
            assertThat(said)
                    .contains("alerts: this process evaluates the alert rules")
                    .contains("alert firing: critical agent.offline/ghost")
                    .doesNotContain(TOKEN);
        }
    }

    private Map<String, String> env() {
        return Map.of(
                "HOOK_TOKEN",
                TOKEN,
                "FLEETDECK_DATA_DIR",
                home.resolve("data").toString(),
                "XDG_CONFIG_HOME",
                home.resolve("xdg").toString(),
                "XDG_STATE_HOME",
                home.resolve("state").toString());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
