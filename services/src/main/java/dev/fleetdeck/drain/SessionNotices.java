package dev.fleetdeck.drain;

import dev.fleetdeck.config.DurationText;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.ExecResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices through each workspace type's {@code notice:} command, run inside the session's container
 * (Docker exec) with the message in place of {@code {message}} — as desktop platforms message a
 * session before they log its user off. A command that fails, or outlasts its limit, is recorded as
 * such and the drain goes on; a type without a command is recorded as not told.
 */
public final class SessionNotices implements DrainNotifier {
    /** A notice is a banner or a desktop message: seconds, or something is wrong in the container. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(SessionNotices.class);

    private final Map<String, WorkspaceType> types;
    private final Duration limit;
    private final Clock clock;

    public SessionNotices(List<WorkspaceType> catalog, Duration limit, Clock clock) {
        this.types = catalog.stream()
                .collect(Collectors.toUnmodifiableMap(WorkspaceType::name, Function.identity(), (a, b) -> b));
        this.limit = limit;
        this.clock = clock;
    }

    @Override
    public boolean canTell(String workspaceType) {
        WorkspaceType type = workspaceType == null ? null : types.get(workspaceType);
        return type != null && !type.notice().isEmpty();
    }

    @Override
    public SessionNotice tell(AgentEngine engine, DrainedSession session, String point, String message) {
        WorkspaceType type = session.workspaceType() == null ? null : types.get(session.workspaceType());
        if (type == null || type.notice().isEmpty()) {
            return new SessionNotice(
                    point,
                    clock.instant(),
                    false,
                    "workspace " + session.workspaceType() + " has no notice command: the user was not told");
        }
        String detail;
        try {
            ExecResult result = engine.exec(session.containerId(), type.noticeCommand(message), limit);
            if (result.succeeded()) {
                LOG.info("told {} (session {}) at {}: {}", session.user(), session.sessionId(), point, message);
                return new SessionNotice(point, clock.instant(), true, "");
            }
            String last = result.lastLine();
            detail = "notice command exited " + result.exitCode() + (last.isEmpty() ? "" : ": " + last);
        } catch (AgentEngine.EngineException e) {
            String why = String.valueOf(e.getMessage());
            // Docker cannot kill an exec: a command that hangs may still finish in the container.
            detail = why.contains("no answer within")
                    ? "notice command gave no result within " + DurationText.format(limit)
                            + " (it hangs, or the agent does not answer): given up"
                    : "notice command could not run: " + why;
        }
        LOG.warn("could not tell {} (session {}) at {}: {}", session.user(), session.sessionId(), point, detail);
        return new SessionNotice(point, clock.instant(), false, detail);
    }
}
