package dev.fleetdeck.pool;

import dev.fleetdeck.fleet.SessionOwners;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which user claimed which staged session. The container keeps its "(staged)" label (Docker
 * cannot relabel), so the monitors ask here; built before the fleet so both can share it. Held in
 * memory: after a console restart a claimed session shows as "(staged)" again, while its startup
 * record (staged: true) still names the user.
 */
public final class SessionClaims implements SessionOwners {
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    void claimed(String sessionId, String user) {
        owners.put(sessionId, user);
    }

    @Override
    public String ownerOf(String sessionId) {
        return owners.get(sessionId);
    }
}
