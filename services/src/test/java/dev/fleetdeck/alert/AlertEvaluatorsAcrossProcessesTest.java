package dev.fleetdeck.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.AlertsConfig;
import dev.fleetdeck.drain.FileLease;
import dev.fleetdeck.drain.Lease;
import dev.fleetdeck.drain.RedisLease;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.store.RedisLink;
import dev.fleetdeck.testbed.HookReceiver;
import dev.fleetdeck.testbed.OwnRedis;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two evaluator processes (separate JVMs, as a keeper and a window would be) on one shared book
 * and lease: every alert reaches the webhook once, and when the evaluating one is SIGKILLed the
 * other takes over without firing again what already fired.
 */
class AlertEvaluatorsAcrossProcessesTest {
    private static final ObjectMapper JSON = Json.mapper();

    @Test
    void onTheEmbeddedDefaultTwoEvaluatorsDeliverEachAlertOnce(@TempDir Path dir) throws Exception {
        run(dir, List.of("file", dir.resolve("shared").toString()));
    }

    @Test
    void withRedisTwoEvaluatorsDeliverEachAlertOnce(@TempDir Path dir) throws Exception {
        try (OwnRedis redis = new OwnRedis(Files.createDirectories(dir.resolve("redis")))) {
            run(dir, List.of("redis", redis.uri()));
        }
    }

    private void run(Path dir, List<String> store) throws Exception {
        Path facts = dir.resolve("offline.txt"); // which agents are offline, one name a line
        Files.writeString(facts, "");
        try (HookReceiver receiver = new HookReceiver()) {
            List<Process> evaluators = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    evaluators.add(start(dir, store, receiver.url("/hook"), facts, "evaluator-" + i));
                }
                Files.writeString(facts, "a1\n");
                await(receiver, dir, "agent.offline/a1", "firing");
                Files.writeString(facts, "");
                await(receiver, dir, "agent.offline/a1", "resolved");

                // The evaluating one dies without a word; the other takes over (file lock: at once; Redis: its TTL).
                Process holder = evaluators.stream()
                        .filter(p -> holds(dir, p))
                        .findFirst()
                        .orElseThrow();
                holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                Files.writeString(facts, "a2\n");
                await(receiver, dir, "agent.offline/a2", "firing");
                Thread.sleep(1500); // more evaluations: nothing fires again
            } finally {
                for (Process p : evaluators) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            // At least once, with one id per change: a process killed between sending and recording a
            // delivery has it sent again by the next evaluator, with the same id for the receiver to drop.
            Map<String, String> byId = new LinkedHashMap<>();
            for (HookReceiver.Received r : receiver.received()) {
                JsonNode b = JSON.readTree(r.body());
                String change = b.get("key").asText() + " " + b.get("status").asText();
                String before = byId.putIfAbsent(b.get("id").asText(), change);
                assertThat(before).as("a repeated id is the same change").isIn(null, change);
            }
            assertThat(byId.values())
                    .as(outputs(dir))
                    .containsExactly("agent.offline/a1 firing", "agent.offline/a1 resolved", "agent.offline/a2 firing");
            assertThat(receiver.received().size())
                    .as("sent again only across the kill")
                    .isLessThanOrEqualTo(4);
        }
    }

    private static boolean holds(Path dir, Process p) {
        try {
            // The last word on the lease counts: under load a lease can change hands and back.
            String out = Files.readString(dir.resolve(p.pid() + ".out"));
            return out.lastIndexOf("this process evaluates the alert rules")
                    > out.lastIndexOf("evaluates the alert rules now");
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(HookReceiver receiver, Path dir, String key, String status) throws Exception {
        List<HookReceiver.Received> got = receiver.await(
                r -> r.body().contains("\"key\":\"" + key + "\"") && r.body().contains("\"status\":\"" + status + "\""),
                Duration.ofSeconds(90)); // JVM starts on a busy machine
        assertThat(got)
                .as("%s %s; the evaluators said:%n%s", key, status, outputs(dir))
                .isNotEmpty();
    }

    private static String outputs(Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".out")).toList()) {
                b.append(f.getFileName()).append(":\n").append(Files.readString(f));
            }
        }
        return b.toString();
    }

    private static Process start(Path dir, List<String> store, URI hook, Path facts, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Evaluator.class.getName()));
        command.addAll(store);
        command.addAll(List.of(hook.toString(), facts.toString(), name));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.redirectOutput(dir.resolve("starting-" + name + ".out").toFile())
                .start();
        // Output named by pid, so the test can ask which process holds the lease.
        Files.move(dir.resolve("starting-" + name + ".out"), dir.resolve(p.pid() + ".out"));
        return p;
    }

    /** One evaluator process: rules every 200 ms over the offline list, to one webhook, until killed. */
    public static final class Evaluator {
        public static void main(String[] args) throws Exception {
            String mode = args[0];
            URI hook = URI.create(args[2]);
            Path facts = Path.of(args[3]);
            String owner = args[4] + " pid " + ProcessHandle.current().pid();
            AlertStore store;
            Lease lease;
            if (mode.equals("file")) {
                Path shared = Path.of(args[1]);
                store = new FileAlertStore(shared.resolve("alerts.json"), JSON);
                lease = new FileLease(shared.resolve("leases"));
            } else {
                RedisConnector connector = new RedisConnector(args[1], Duration.ofSeconds(3));
                store = new RedisAlertStore(new RedisLink(connector, System::currentTimeMillis, 500), JSON);
                lease = new RedisLease(new RedisConnector(args[1], Duration.ofSeconds(3)).connect(), args[1]);
            }
            AlertsConfig config = new AlertsConfig(List.of(), Optional.empty(), 1, 70_000, 0.1, Duration.ofMinutes(5));
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            AlertWatch watch = new AlertWatch(
                    new AlertRules(config, 95),
                    () -> {
                        try {
                            List<String> offline = Files.readAllLines(facts).stream()
                                    .filter(l -> !l.isBlank())
                                    .toList();
                            return new FleetFacts(
                                    Clock.systemUTC().instant(),
                                    List.of("a1", "a2").stream()
                                            .map(a -> AlertRulesTest.agent(
                                                    a,
                                                    offline.contains(a) ? AgentState.OFFLINE : AgentState.ENABLED,
                                                    0.2))
                                            .toList(),
                                    List.of(),
                                    List.of(),
                                    List.of(),
                                    Optional.empty());
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    store,
                    List.of(WebhookSink.of(1, new AlertsConfig.Webhook(hook, Map.of()), JSON)),
                    lease,
                    owner,
                    Duration.ofSeconds(2),
                    scheduler,
                    Clock.systemUTC(),
                    line -> {
                        System.out.println(line);
                        System.out.flush();
                    });
            watch.start(Duration.ofMillis(200));
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
