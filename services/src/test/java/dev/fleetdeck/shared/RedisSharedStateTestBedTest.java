package dev.fleetdeck.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.store.RedisLink;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis side of the shared admin state against the test bed's real redis-server, with the
 * other operator played by {@code redis-cli} (another process): a published change is applied at
 * once, without waiting for a refresh, and a console whose connection was cut reloads the whole
 * state when it is back, changes it missed included.
 */
@RealTestBed
class RedisSharedStateTestBedTest {
    private static final String AGENT = "shared-state-test-agent";
    private TestBed bed;
    private RedisLink link;
    private RedisSharedState state;

    @BeforeEach
    void open(TestBed testBed) {
        bed = testBed;
        link = new RedisLink(
                new RedisConnector(bed.redisUri().toString(), Duration.ofSeconds(5)), System::currentTimeMillis, 200);
        state = new RedisSharedState(link, Json.mapper());
    }

    @AfterEach
    void close() {
        cli("HDEL", RedisSharedState.ADMIN, AGENT);
        state.close();
        link.close();
    }

    private String cli(String... args) {
        URI uri = bed.redisUri();
        List<String> command =
                new ArrayList<>(List.of("redis-cli", "-h", uri.getHost(), "-p", Integer.toString(uri.getPort())));
        command.addAll(List.of(args));
        return ProcessRun.run(command, Map.of(), Duration.ofSeconds(10)).requireSuccess();
    }

    private static String entry(String by, String reason) {
        return "{\"agent\":\"" + AGENT + "\",\"state\":\"CORDONED\",\"by\":\"" + by + "\",\"reason\":\"" + reason
                + "\",\"since\":\"2026-12-01T19:00:00Z\"}";
    }

    @Test
    void anotherProcesssPublishedCordonIsAppliedAtOnce() throws Exception {
        AdminStates admin = new AdminStates(state, Clock.systemUTC(), p -> {});
        assertThat(admin.of(AGENT, true)).isEqualTo(AgentState.ENABLED);
        CountDownLatch told = new CountDownLatch(1);
        admin.addListener(told::countDown);

        cli("HSET", RedisSharedState.ADMIN, AGENT, entry("bob@ws2", "disk swap"));
        cli("PUBLISH", RedisSharedState.CHANNEL, AGENT);

        assertThat(told.await(5, TimeUnit.SECONDS))
                .as("the change was applied on its notification")
                .isTrue();
        AdminEntry e = admin.entry(AGENT).orElseThrow();
        assertThat(e.state()).isEqualTo(AgentState.CORDONED);
        assertThat(e.by()).isEqualTo("bob@ws2");
        assertThat(e.reason()).isEqualTo("disk swap");
    }

    @Test
    void aConsoleWhoseConnectionsWereCutReloadsTheWholeStateWhenBack() throws Exception {
        AdminStates admin = new AdminStates(state, Clock.systemUTC(), p -> {});
        assertThat(admin.entry(AGENT)).isEmpty();
        CountDownLatch told = new CountDownLatch(1);
        admin.addListener(told::countDown);

        // Cut every client of ours, then change the state with no message: only a reload finds it.
        cli("CLIENT", "KILL", "TYPE", "pubsub");
        cli("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        cli("HSET", RedisSharedState.ADMIN, AGENT, entry("carol@ws3", "missed while away"));

        assertThat(told.await(10, TimeUnit.SECONDS))
                .as("reloaded on reconnection")
                .isTrue();
        assertThat(admin.entry(AGENT).orElseThrow().reason()).isEqualTo("missed while away");
    }
}
