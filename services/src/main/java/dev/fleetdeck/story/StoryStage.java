package dev.fleetdeck.story;

/** Carries out a story's actions on a fleet, and takes them back when the story restarts. */
public interface StoryStage {

    /**
     * Does what the action says; returns text to add to the step's caption (the advisor's
     * recommendation), or {@code null}.
     */
    String apply(StoryAction action) throws Exception;

    /** Undoes what {@link #apply} did, as far as the fleet allows (launched sessions stay). */
    void undo(StoryAction action) throws Exception;
}
