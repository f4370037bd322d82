package dev.fleetdeck.history;

import java.util.List;

/**
 * The history of one agent, or of the whole fleet, over one range.
 *
 * @param subject an agent's name, or {@link HistoryService#FLEET}
 * @param points  oldest first; a point may know the host, the sessions, or both
 * @param source  where the host figures came from (the sessions' always come from the local store)
 * @param note    what a reader should know: why Prometheus gave nothing, that the local store
 *                only knows the times Fleetdeck ran; never {@code null}
 */
public record AgentHistory(
        String subject, HistoryRange range, List<HistoryPoint> points, HistorySource source, String note) {

    public AgentHistory {
        points = List.copyOf(points);
    }

    /** A line needs two points; with fewer a chart says it is still collecting. */
    public boolean collecting() {
        return points.size() < 2;
    }
}
