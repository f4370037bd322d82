package dev.fleetdeck.ui.agent;

import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.Session;

/**
 * One container of the agent detail: a session's (user and workspace known from its labels) or
 * any other container the engine runs.
 *
 * @param session the session id, or {@code null} for a container that is not a session
 * @param writableBytes its writable layer at the agent's last disk reading; -1 when not in it
 */
public record AgentContainer(
        String id,
        String name,
        String image,
        String state,
        String status,
        String session,
        String user,
        String workspace,
        long writableBytes) {

    static AgentContainer of(Session s, long writableBytes) {
        return new AgentContainer(
                s.containerId(),
                "",
                "",
                s.state(),
                s.health() == null ? "" : s.health(),
                s.sessionId(),
                s.user(),
                s.workspaceType(),
                writableBytes);
    }

    static AgentContainer of(ContainerSummary c, Session s, long writableBytes) {
        return new AgentContainer(
                c.id(),
                c.name(),
                c.image(),
                c.state(),
                c.status(),
                s == null ? null : s.sessionId(),
                s == null ? "" : s.user(),
                s == null ? "" : s.workspaceType(),
                writableBytes);
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
