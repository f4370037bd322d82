package dev.fleetdeck.story;

import java.util.Optional;

/**
 * The sizing advisor's recommendation for an agent, in words, for the story's caption; empty when
 * there is none (no advisor in this build, or nothing to advise).
 */
@FunctionalInterface
public interface SizingAdvice {
    SizingAdvice NONE = agent -> Optional.empty();

    Optional<String> recommend(String agent);
}
