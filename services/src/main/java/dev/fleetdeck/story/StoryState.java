package dev.fleetdeck.story;

import java.time.Duration;

/**
 * Where a story is, for its caption bar.
 *
 * @param step    the current step, from 0; -1 before the first
 * @param caption the current step's caption (with the advisor's words, if any)
 * @param page    the page that step shows
 */
public record StoryState(
        int step, int steps, String caption, String page, Duration elapsed, Duration length, boolean paused) {

    public boolean finished() {
        return step == steps - 1;
    }
}
