package dev.fleetdeck.story;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoryPlayerTest {
    private static final Map<String, List<String>> FLEET = Map.of(
            "east", List.of("sim-east-01", "sim-east-02", "sim-east-03"),
            "west", List.of("sim-west-01", "sim-west-02", "sim-west-03"));

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong nanos = new AtomicLong();
    private final List<String> done = new ArrayList<>();
    private final StoryStage stage = new StoryStage() {
        @Override
        public String apply(StoryAction action) {
            done.add("apply " + action.getClass().getSimpleName());
            return action instanceof StoryAction.Advice ? "(advice)" : null;
        }

        @Override
        public void undo(StoryAction action) {
            done.add("undo " + action.getClass().getSimpleName());
        }
    };

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Waits until everything asked of the player so far (and one tick) has run on its thread. */
    private StoryState settled(StoryPlayer player) throws Exception {
        executor.submit(() -> {}).get(5, TimeUnit.SECONDS);
        return player.state();
    }

    private StoryPlayer player() {
        return new StoryPlayer(DemoStory.script(42, FLEET), stage, executor, nanos::get, p -> done.add("problem " + p));
    }

    @Test
    void oneSeedTellsTheSameStoryEveryTimeAndTheStoryLastsFiveMinutes() {
        assertThat(DemoStory.script(42, FLEET)).isEqualTo(DemoStory.script(42, FLEET));
        List<StoryStep> story = DemoStory.script(42, FLEET);
        assertThat(story.get(story.size() - 1).at()).isEqualTo(Duration.ofMinutes(5));
        assertThat(story).extracting(StoryStep::at).isSorted();
        assertThat(story.stream()
                        .map(s -> s.action().getClass().getSimpleName())
                        .toList())
                .contains(
                        "ResizePools",
                        "LaunchWave",
                        "AgentDown",
                        "AgentUp",
                        "RamPressure",
                        "Advice",
                        "DrainWithDeadline",
                        "BreakImage");
        Set<String> agents = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            agents.add(((StoryAction.AgentDown)
                            DemoStory.script(seed, FLEET).get(2).action())
                    .agent());
        }
        assertThat(agents).as("the seed chooses who plays the lost agent").hasSizeGreaterThan(1);
    }

    @Test
    void stepsStartWhenTheClockReachesThemAndNotWhilePaused() throws Exception {
        StoryPlayer player = player();
        player.start();
        assertThat(settled(player).step()).isZero();
        assertThat(done).containsExactly("apply ResizePools");

        nanos.set(Duration.ofSeconds(36).toNanos());
        Thread.sleep(400); // a tick
        assertThat(settled(player).step()).isEqualTo(1);
        assertThat(player.state().page()).isEqualTo("Launches");

        player.togglePause();
        settled(player);
        nanos.set(Duration.ofSeconds(200).toNanos());
        Thread.sleep(400);
        StoryState paused = settled(player);
        assertThat(paused.step()).isEqualTo(1);
        assertThat(paused.paused()).isTrue();
        assertThat(paused.elapsed()).isEqualTo(Duration.ofSeconds(36));

        player.togglePause();
        Thread.sleep(400);
        assertThat(settled(player).step())
                .as("the clock went on from 0:36, not from 3:20")
                .isEqualTo(1);
    }

    @Test
    void nextRunsTheNextStepNowAndRestartTakesEveryActionBackNewestFirst() throws Exception {
        StoryPlayer player = player();
        player.start();
        player.togglePause();
        for (int i = 0; i < 5; i++) {
            player.next();
        }
        StoryState at = settled(player);
        assertThat(at.step()).isEqualTo(5);
        assertThat(at.caption()).endsWith(" (advice)").contains("ramOverride");
        assertThat(at.elapsed()).isEqualTo(Duration.ofSeconds(170));

        done.clear();
        player.restart();
        StoryState again = settled(player);

        assertThat(done)
                .containsExactly(
                        "undo Advice",
                        "undo RamPressure",
                        "undo AgentUp",
                        "undo AgentDown",
                        "undo LaunchWave",
                        "undo ResizePools",
                        "apply ResizePools");
        assertThat(again.step()).isZero();
        assertThat(again.elapsed()).isZero();
    }

    @Test
    void aStepWhoseActionFailsStillShowsItsCaptionIsToldOnceAndIsNotTakenBack() throws Exception {
        StoryStage failing = new StoryStage() {
            @Override
            public String apply(StoryAction action) throws Exception {
                if (action instanceof StoryAction.AgentDown) {
                    throw new IllegalStateException("the agent is drained");
                }
                done.add("apply " + action.getClass().getSimpleName());
                return null;
            }

            @Override
            public void undo(StoryAction action) {
                done.add("undo " + action.getClass().getSimpleName());
            }
        };
        StoryPlayer player = new StoryPlayer(
                DemoStory.script(42, FLEET), failing, executor, nanos::get, p -> done.add("problem " + p));
        player.start();
        player.next();
        player.next();
        StoryState at = settled(player);

        assertThat(at.step()).isEqualTo(2);
        assertThat(at.caption()).isEqualTo(player.steps().get(2).caption());
        assertThat(done)
                .filteredOn(d -> d.startsWith("problem"))
                .singleElement()
                .asString()
                .contains("story step 3")
                .contains("the agent is drained");
        done.clear();
        player.restart();
        settled(player);
        assertThat(done).containsExactly("undo LaunchWave", "undo ResizePools", "apply ResizePools");
    }

    @Test
    void afterTheLastStepNextDoesNothing() throws Exception {
        StoryPlayer player = player();
        player.start();
        for (int i = 0; i < 20; i++) {
            player.next();
        }
        StoryState end = settled(player);
        assertThat(end.finished()).isTrue();
        assertThat(end.caption()).startsWith("End of the story");
        assertThat(done).hasSize(player.steps().size()).doesNotContain("problem");
    }
}
