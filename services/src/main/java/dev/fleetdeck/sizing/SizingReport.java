package dev.fleetdeck.sizing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The advisor's answer for the fleet: agents that came near full first, then the others by name.
 *
 * @param source   where the host figures came from, in words
 * @param observed how much time the history actually covers within the window
 * @param method   how the numbers were got, one sentence per line
 * @param notes    what went wrong on the way (Prometheus down, agents it does not know)
 */
public record SizingReport(
        Instant at,
        Duration window,
        String source,
        Duration observed,
        double ramWarnPercent,
        List<AgentAdvice> agents,
        List<String> method,
        List<String> notes) {

    public SizingReport {
        agents = List.copyOf(agents);
        method = List.copyOf(method);
        notes = List.copyOf(notes);
    }
}
