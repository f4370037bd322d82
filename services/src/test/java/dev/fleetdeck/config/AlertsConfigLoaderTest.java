package dev.fleetdeck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsConfigLoaderTest {
    private static final String AGENTS = "agents: [ { name: a1, host: unix:///run/a1.sock } ]\n";

    private static FleetConfig read(Path dir, Map<String, String> env, String alerts) throws ConfigException {
        return new ConfigLoader(List.of(), dir, env::get).read(dir.resolve("fleet.yaml"), AGENTS + alerts);
    }

    @Test
    void readsWebhooksWithSecretHeadersAlertmanagerAndThresholds(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hook.token"), "from-file-token\n");
        FleetConfig c = read(dir, Map.of("HOOK_TOKEN", "env-token"), """
                alerts:
                  webhooks:
                    - url: https://hooks.example/fleetdeck
                      headers: {Authorization: {env: HOOK_TOKEN}, X-Team: ops}
                    - url: http://127.0.0.1:9000/in
                      headers: {X-Token: {file: hook.token}}
                  alertmanager: http://127.0.0.1:9093
                  offlineAfter: 5
                  startup: { avgWarningSeconds: 45, failureRatePercent: 5, checkEvery: 1h }
                """);
        AlertsConfig a = c.alerts();
        assertThat(a.webhooks()).hasSize(2);
        assertThat(a.webhooks().get(0).headers().get("Authorization").value()).isEqualTo("env-token");
        assertThat(a.webhooks().get(0).headers().get("X-Team").value()).isEqualTo("ops");
        assertThat(a.webhooks().get(1).headers().get("X-Token").value()).isEqualTo("from-file-token");
        assertThat(a.alertmanager())
                .hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(9093));
        assertThat(a.offlineAfter()).isEqualTo(5);
        assertThat(a.avgWarningMs()).isEqualTo(45_000);
        assertThat(a.failureRateCritical()).isEqualTo(0.05);
        assertThat(a.checkEvery()).isEqualTo(Duration.ofHours(1));
        // What is shown of the configuration never holds a header's value.
        assertThat(c.toString())
                .doesNotContain("env-token")
                .doesNotContain("from-file-token")
                .contains("Authorization");
    }

    @Test
    void withoutAlertsTheRulesRunWithTheGuidesThresholdsAndDeliverNowhere(@TempDir Path dir) throws Exception {
        AlertsConfig a = read(dir, Map.of(), "").alerts();
        assertThat(a.delivers()).isFalse();
        assertThat(a.avgWarningMs()).isEqualTo(70_000);
        assertThat(a.failureRateCritical()).isEqualTo(0.10);
        assertThat(a.offlineAfter()).isEqualTo(3);
    }

    @Test
    void aWebhookThatIsNotHttpIsALocatedError(@TempDir Path dir) {
        assertThatThrownBy(() -> read(dir, Map.of(), "alerts: { webhooks: [ { url: 'ftp://hooks.example/x' } ] }"))
                .hasMessageStartingWith(dir.resolve("fleet.yaml") + ":2:")
                .hasMessageContaining("url must be an http:// or https:// URL, got \"ftp://hooks.example/x\"")
                .hasMessageContaining("write e.g. url: https://hooks.example/fleetdeck");
    }

    @Test
    void aMissingHeaderFileOrVariableNamesItAndNeverAValue(@TempDir Path dir) {
        assertThatThrownBy(() -> read(dir, Map.of(), """
                alerts:
                  webhooks:
                    - url: https://hooks.example/x
                      headers: {Authorization: {file: /nonexistent/hook.token}}
                """))
                .hasMessageContaining("fleet.yaml:5:")
                .hasMessageContaining("header Authorization file /nonexistent/hook.token does not exist");
        assertThatThrownBy(() -> read(dir, Map.of(), """
                alerts:
                  webhooks: [ { url: 'https://hooks.example/x', headers: {Authorization: {env: HOOK_TOKEN}} } ]
                """))
                .hasMessageContaining("environment variable HOOK_TOKEN is not set");
        assertThatThrownBy(() -> read(dir, Map.of(), """
                alerts:
                  webhooks: [ { url: 'https://hooks.example/x', headers: {Authorization: {env: HOOK, file: f}} } ]
                """)).hasMessageContaining("needs exactly one of env or file");
    }

    @Test
    void aUrlWithAPasswordIsShownWithoutIt(@TempDir Path dir) {
        assertThatThrownBy(() -> read(dir, Map.of(), "alerts: { alertmanager: 'gopher://admin:hunter2@am.example' }"))
                .hasMessageContaining("gopher://***@am.example")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void unknownKeysAndBadThresholdsSayWhatToWrite(@TempDir Path dir) {
        assertThatThrownBy(() -> read(dir, Map.of(), "alerts: { offlineAftr: 3 }"))
                .hasMessageContaining("did you mean 'offlineAfter'?");
        assertThatThrownBy(() -> read(dir, Map.of(), "alerts: { offlineAfter: 0 }"))
                .hasMessageContaining("offlineAfter must be a whole number of refreshes, at least 1, got 0");
        assertThatThrownBy(() -> read(dir, Map.of(), "alerts: { startup: { failureRatePercent: 150 } }"))
                .hasMessageContaining("failureRatePercent must be a percentage above 0 and at most 100, got 150");
    }
}
