package dev.fleetdeck.story;

import java.time.Duration;

/**
 * One step of the story: when it starts (from the story's start), what it does, the caption a
 * presenter narrates, and the page of the window that shows it.
 *
 * @param page a page title of the window ("Fleet", "Launches", "Drains", "Alerts", …)
 */
public record StoryStep(Duration at, String caption, String page, StoryAction action) {}
