package dev.fleetdeck.story;

import java.time.Duration;

/**
 * What one step of the story does to the demo fleet. Data, so a script is a list that can be read,
 * compared and tested; {@link StoryStage} carries each out and takes it back on a restart.
 */
public sealed interface StoryAction {

    /** A caption only. */
    record Narrate() implements StoryAction {}

    /** Each zone's staging pool of {@code type} is resized to {@code perZone} ready sessions. */
    record ResizePools(String type, int perZone) implements StoryAction {}

    /** {@code count} users each open a {@code type} session at once (user names {@code prefix-01…}). */
    record LaunchWave(String type, int count, String userPrefix) implements StoryAction {}

    /** The agent stops answering (a network or host failure); its sessions keep running there. */
    record AgentDown(String agent) implements StoryAction {}

    /** The agent answers again. */
    record AgentUp(String agent) implements StoryAction {}

    /** A job that is not a session takes the agent's RAM to {@code percent} of its total. */
    record RamPressure(String agent, double percent) implements StoryAction {}

    /**
     * Where the sizing advisor's recommendation for the agent goes: the stage asks its
     * {@link SizingAdvice} and the caption gets the answer, or stays as written without one.
     */
    record Advice(String agent) implements StoryAction {}

    /** The agent is drained with a deadline; sessions still running at it are stopped. */
    record DrainWithDeadline(String agent, Duration deadline) implements StoryAction {}

    /** A broken release of the type's image: its new sessions exit before they are ready. */
    record BreakImage(String type, int launches, String userPrefix) implements StoryAction {}
}
