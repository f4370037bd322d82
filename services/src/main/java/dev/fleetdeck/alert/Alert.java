package dev.fleetdeck.alert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One condition that is true now. {@code key} is stable for as long as the condition holds (e.g.
 * {@code agent.offline/agent2}), so it fires once and resolves once however often rules run.
 *
 * @param agent           the agent it is about, or {@code null} for the fleet
 * @param numbers         the figures behind it, by name (e.g. {@code avgSeconds}, {@code thresholdSeconds})
 * @param recommendations what to do, for startup alerts (the analyzer's bottlenecks)
 */
public record Alert(
        String key,
        Severity severity,
        String agent,
        String summary,
        Map<String, Double> numbers,
        List<String> recommendations) {

    public Alert {
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers)); // in the rule's order
        recommendations = List.copyOf(recommendations);
    }
}
