package dev.fleetdeck.fleet;

import java.time.Instant;
import java.util.Locale;

/**
 * An operator's decision about one agent: cordoned, draining or drained, by whom, why and since
 * when. Only agents that are not plainly enabled have one; enabling removes it.
 *
 * @param reason what the operator gave with {@code --reason}, or {@code null}
 */
public record AdminEntry(String agent, AgentState state, String by, String reason, Instant since) {
    /** The longest reason accepted: one line in a table or a tooltip. */
    public static final int MAX_REASON = 200;

    /** The states an operator (or a drain) sets; ENABLED is the absence of an entry. */
    public static boolean settable(AgentState state) {
        return state == AgentState.CORDONED || state == AgentState.DRAINING || state == AgentState.DRAINED;
    }

    /** "cordoned by alice@ws1 since 19:02Z: kernel patch", for a tooltip or a refusal. */
    public String describe() {
        return state.label().toLowerCase(Locale.ROOT) + " by " + by + " since " + since
                + (reason == null ? "" : ": " + reason);
    }
}
