package dev.fleetdeck.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.ContainerState;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Status checks that go unanswered: a miss is forgiven, an engine that stays silent is given up on. */
class ReadinessTest {

    private static final ContainerState STARTING =
            new ContainerState("c1", "running", "starting", 0, Map.of(), 0, 0, 0);
    private static final ContainerState HEALTHY = new ContainerState("c1", "running", "healthy", 0, Map.of(), 0, 0, 0);

    private static AgentEngine.EngineException gone() {
        return new AgentEngine.EngineException("agent3: cannot connect to unix:///x/docker.sock (Connection refused)");
    }

    /** An engine whose inspect answers from a script: a state, or an exception to throw. */
    private static AgentEngine scripted(List<Object> answers) {
        Deque<Object> left = new ArrayDeque<>(answers);
        return (AgentEngine) Proxy.newProxyInstance(
                AgentEngine.class.getClassLoader(), new Class<?>[] {AgentEngine.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("inspect")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Object next = left.size() > 1 ? left.poll() : left.peek();
                    if (next instanceof AgentEngine.EngineException e) {
                        throw e;
                    }
                    return next;
                });
    }

    @Test
    void anEngineThatStopsAnsweringFailsTheLaunchAfterThreeMissedChecksNotAtTheTimeout() throws Exception {
        long t0 = System.nanoTime();
        Readiness.Result r = new Readiness(System::nanoTime)
                .await(scripted(List.of(STARTING, gone())), "c1", null, TimeUnit.SECONDS.toNanos(60), t0);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.ready()).isFalse();
        assertThat(r.error())
                .isEqualTo("no answer to 3 status checks in a row while waiting for readiness; last: "
                        + gone().getMessage());
        assertThat(r.checkOffsetsNanos()).hasSize(4);
        // 500 + 1000 + 2000 ms of backoff, far from the 60 s limit
        assertThat(tookMs).isBetween(3400L, 10_000L);
    }

    @Test
    void aMissedCheckBetweenAnswersIsForgiven() throws Exception {
        Readiness.Result r = new Readiness(System::nanoTime)
                .await(
                        scripted(List.of(STARTING, gone(), gone(), STARTING, gone(), HEALTHY)),
                        "c1",
                        null,
                        TimeUnit.SECONDS.toNanos(60),
                        System.nanoTime());

        assertThat(r.ready()).as(r.error()).isTrue();
        assertThat(r.checkOffsetsNanos()).hasSize(6);
    }
}
