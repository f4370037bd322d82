package dev.fleetdeck.ui.agent;

import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.Session;

/**
 * One container of the agent detail: a session's (user and workspace known from its labels) or
 * any other container the engine runs.
 *
 * @param session the session id, or {@code null} for a container that is not a session
 */
public record AgentContainer(String id, String name, String image, String state, String status,
                             String session, String user, String workspace) {

    static AgentContainer of(Session s) {
        return new AgentContainer(s.containerId(), "", "", s.state(), s.health() == null ? "" : s.health(),
                s.sessionId(), s.user(), s.workspaceType());
    }

    static AgentContainer of(ContainerSummary c, Session s) {
        return new AgentContainer(c.id(), c.name(), c.image(), c.state(), c.status(),
                s == null ? null : s.sessionId(), s == null ? "" : s.user(), s == null ? "" : s.workspaceType());
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
