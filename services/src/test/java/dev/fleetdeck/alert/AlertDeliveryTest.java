package dev.fleetdeck.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.AlertsConfig;
import dev.fleetdeck.config.Secret;
import dev.fleetdeck.drain.FileLease;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.HookReceiver;
import dev.fleetdeck.testbed.MutableClock;
import dev.fleetdeck.testbed.OwnAlertmanager;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts reach a real Alertmanager and webhook receivers on loopback; none is lost or sent twice. */
class AlertDeliveryTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static final String TOKEN = "s3cr3t-hook-token";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AtomicReference<List<AgentSnapshot>> agents = new AtomicReference<>(List.of());
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aRealAlertmanagerAndAWebhookGetFiringThenResolved(@TempDir Path dir) throws Exception {
        try (HookReceiver receiver = new HookReceiver();
                OwnAlertmanager alertmanager =
                        new OwnAlertmanager(dir.resolve("am"), receiver.url("/from-alertmanager"))) {
            AlertsConfig.Webhook hook = new AlertsConfig.Webhook(
                    receiver.url("/hook"),
                    Map.of(
                            "Authorization",
                            new Secret("environment variable HOOK", Optional.empty(), "Bearer " + TOKEN)));
            // Alertmanager judges startsAt and endsAt by its own clock: this test runs on the real one.
            AlertWatch watch = watch(
                    dir,
                    List.of(WebhookSink.of(1, hook, JSON), AlertmanagerSink.of(alertmanager.url(), JSON)),
                    Clock.systemUTC());

            agents.set(List.of(AlertRulesTest.agent("agent2", AgentState.OFFLINE, 0.2)));
            for (int i = 0; i < 3; i++) { // offlineAfter 3
                watch.tick();
            }
            List<HookReceiver.Received> firing = receiver.await(r -> r.path().equals("/hook"), Duration.ofSeconds(5));
            assertThat(firing).hasSize(1);
            JsonNode body = JSON.readTree(firing.get(0).body());
            assertThat(body.get("key").asText()).isEqualTo("agent.offline/agent2");
            assertThat(body.get("status").asText()).isEqualTo("firing");
            assertThat(body.get("severity").asText()).isEqualTo("critical");
            assertThat(body.get("agent").asText()).isEqualTo("agent2");
            assertThat(body.get("numbers").get("offlineRefreshes").asDouble()).isEqualTo(3);
            assertThat(firing.get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);

            List<HookReceiver.Received> fromAm = receiver.await(
                    r -> r.path().equals("/from-alertmanager") && r.body().contains("\"status\":\"firing\""),
                    OwnAlertmanager.delivery());
            assertThat(fromAm).isNotEmpty();
            JsonNode amAlert = JSON.readTree(fromAm.get(0).body()).get("alerts").get(0);
            assertThat(amAlert.get("labels").get("alertname").asText()).isEqualTo("FleetdeckAgentOffline");
            assertThat(amAlert.get("labels").get("fleetdeck_key").asText()).isEqualTo("agent.offline/agent2");

            agents.set(List.of(AlertRulesTest.agent("agent2", AgentState.ENABLED, 0.2)));
            watch.tick();
            assertThat(receiver.await(
                            r -> r.path().equals("/hook") && r.body().contains("\"resolved\""), Duration.ofSeconds(5)))
                    .hasSize(1);
            assertThat(receiver.await(
                            r -> r.path().equals("/from-alertmanager")
                                    && r.body().contains("\"status\":\"resolved\""),
                            OwnAlertmanager.delivery()))
                    .as("%s%n%s", receiver.received(), lines)
                    .isNotEmpty();
            // Once each, however often the rules ran.
            watch.tick();
            watch.tick();
            assertThat(receiver.received())
                    .filteredOn(r -> r.path().equals("/hook"))
                    .hasSize(2);
            assertThat(lines).noneMatch(l -> l.contains(TOKEN));
            watch.close();
        }
    }

    @Test
    void aReceiverThatIsDownAndComesBackGetsEveryAlertOnceInOrder(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // nothing listens there until the receiver "comes back"
        }
        AlertsConfig.Webhook hook =
                new AlertsConfig.Webhook(URI.create("http://127.0.0.1:" + port + "/hook"), Map.of());
        AlertWatch watch = watch(dir, List.of(WebhookSink.of(1, hook, JSON)), clock);
        List<AgentSnapshot> hot = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            hot.add(AlertRulesTest.agent("a" + i, AgentState.ENABLED, 0.97));
        }
        agents.set(hot);
        watch.tick(); // three fire, none delivered
        agents.set(List.of(AlertRulesTest.agent("a1", AgentState.ENABLED, 0.5), hot.get(1), hot.get(2)));
        clock.advance(Duration.ofSeconds(1));
        watch.tick(); // a1 resolves, still nobody listening
        assertThat(lines)
                .anyMatch(l -> l.startsWith("alert delivery failed: agent.ram/a1 to webhook 1 http://127.0.0.1:"));
        assertThat(new FileAlertStore(dir.resolve("alerts.json"), JSON).read().pending())
                .hasSize(4);

        try (HookReceiver receiver = new HookReceiver(port)) {
            for (int i = 0; i < 12; i++) { // past every backoff
                clock.advance(Duration.ofSeconds(30));
                watch.tick();
            }
            List<String> got = receiver.received().stream()
                    .map(r -> {
                        try {
                            JsonNode b = JSON.readTree(r.body());
                            return b.get("key").asText() + " " + b.get("status").asText();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
            assertThat(got)
                    .containsExactlyInAnyOrder(
                            "agent.ram/a1 firing",
                            "agent.ram/a1 resolved",
                            "agent.ram/a2 firing",
                            "agent.ram/a3 firing");
            assertThat(got.indexOf("agent.ram/a1 firing")).isLessThan(got.indexOf("agent.ram/a1 resolved"));
            AlertBook book = new FileAlertStore(dir.resolve("alerts.json"), JSON).read();
            assertThat(book.pending()).isEmpty();
            assertThat(book.delivered()).hasSize(4);
            // The firings failed while nobody listened; a1's resolution waited behind a1's firing instead of overtaking
            // it.
            assertThat(book.delivered())
                    .filteredOn(d -> d.status().equals("firing"))
                    .allMatch(d -> d.attempts() >= 2);
            assertThat(book.delivered())
                    .filteredOn(d -> d.status().equals("resolved"))
                    .singleElement()
                    .satisfies(d -> assertThat(d.attempts()).isEqualTo(1));
        }
        watch.close();
    }

    private AlertWatch watch(Path dir, List<AlertSink> sinks, Clock clock) throws Exception {
        AlertRules rules = new AlertRules(AlertsConfig.defaults(), 95);
        return new AlertWatch(
                rules,
                () -> new FleetFacts(clock.instant(), agents.get(), List.of(), List.of(), List.of(), Optional.empty()),
                new FileAlertStore(dir.resolve("alerts.json"), JSON),
                sinks,
                new FileLease(dir.resolve("leases")),
                "test pid 1",
                Duration.ofSeconds(30),
                scheduler,
                clock,
                lines::add);
    }
}
