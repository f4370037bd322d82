package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A session removed while its stats are being read (the soak's users end sessions all day): dockerd
 * ends a one-shot stats answer that was waiting for its collector with an empty 200. That container
 * is gone, not garbage: before, the whole agent turned OFFLINE ("unreadable stats: … not a JSON
 * object") and every launch found no agent.
 */
@RealTestBed
class StatsOfARemovedContainerTestBedTest {
    private static final long MIB = 1L << 20;

    @Test
    void statsOfAContainerRemovedWhileTheyAreReadLeaveItOutAndTheOthersIn(TestBed bed) throws Exception {
        DockerEngine engine = bed.engine("agent1");
        DockerEngine remover = bed.engine("agent1");
        int gone = 0;
        for (int round = 0; round < 8 && gone < 2; round++) {
            String stays = start(bed, engine);
            String removed = start(bed, engine);
            // One round of the collector answers both; the removal lands while the requests wait for it.
            CompletableFuture<Map<String, StatsSample>> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return engine.statsAll(List.of(stays, removed));
                } catch (AgentEngine.EngineException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            Thread.sleep(20L * round);
            remover.remove(removed, true);
            Map<String, StatsSample> samples = read.get(30, TimeUnit.SECONDS);
            assertThat(samples).containsKey(stays);
            gone += samples.containsKey(removed) ? 0 : 1;
            bed.docker("agent1", "rm", "-f", stays);
        }
        assertThat(gone)
                .as("rounds whose removal landed while the stats were read")
                .isPositive();
    }

    private static String start(TestBed bed, DockerEngine engine) throws AgentEngine.EngineException {
        Map<String, String> labels = new HashMap<>(bed.testLabels());
        String id = engine.create(
                new ContainerSpec(bed.image("plain"), null, labels, Map.of(), 64 * MIB, 0, 0, 0, List.of()));
        engine.start(id);
        return id;
    }
}
