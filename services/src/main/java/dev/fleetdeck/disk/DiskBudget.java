package dev.fleetdeck.disk;

import dev.fleetdeck.config.DiskSettings;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.HostFigures;
import dev.fleetdeck.fleet.Session;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sizing guide's disk rule for Docker's data root, "80 GB + sessions × space per session",
 * judged against the thresholds. Two figures can fill an agent and each is judged:
 * <ul>
 *   <li>the data root's filesystem (node-exporter, when Prometheus reports it), whose fill is
 *       what makes writes fail, whoever wrote;</li>
 *   <li>Docker's own use ({@code /system/df}) against the budget, which says the sessions grow
 *       past what the agent was sized for, before the filesystem is full.</li>
 * </ul>
 * The larger share decides the level.
 */
public final class DiskBudget {
    /** The guide's fixed part, in the binary units the rest of the configuration uses (4g = 4 GiB). */
    public static final long BASE_BYTES = 80L << 30;

    private final DiskSettings settings;
    private final Map<String, Long> perSession = new HashMap<>();

    public DiskBudget(DiskSettings settings, List<WorkspaceType> catalog) {
        this.settings = settings;
        for (WorkspaceType w : catalog) {
            perSession.put(w.name(), w.diskPerSessionBytes());
        }
    }

    public DiskSettings settings() {
        return settings;
    }

    /** 80 GiB + each session's {@code diskPerSession} (a type that states none adds nothing). */
    public long budgetOf(List<Session> sessions) {
        long budget = BASE_BYTES;
        for (Session s : sessions) {
            budget += perSession.getOrDefault(s.workspaceType(), 0L);
        }
        return budget;
    }

    public DiskVerdict judge(AgentSnapshot agent) {
        long budget = budgetOf(agent.sessions());
        long docker = agent.disk().known() ? agent.disk().usage().dockerBytes() : -1;
        long fsUsed = 0;
        long fsTotal = 0;
        if (agent.host().known() && agent.host().figures().diskTotalBytes() > 0) {
            HostFigures f = agent.host().figures();
            fsUsed = f.diskUsedBytes();
            fsTotal = f.diskTotalBytes();
        }
        double byBudget = docker < 0 ? -1 : docker * 100.0 / budget;
        double byFilesystem = fsTotal <= 0 ? -1 : fsUsed * 100.0 / fsTotal;
        boolean filesystemDecides = byFilesystem >= byBudget && byFilesystem >= 0;
        double percent = Math.max(byBudget, byFilesystem);
        return new DiskVerdict(budget, docker, fsUsed, fsTotal, percent, filesystemDecides, level(percent));
    }

    DiskLevel level(double percent) {
        if (percent < 0) {
            return DiskLevel.UNKNOWN;
        }
        if (percent > settings.criticalPercent()) {
            return DiskLevel.CRITICAL;
        }
        return percent > settings.warnPercent() ? DiskLevel.WARNING : DiskLevel.OK;
    }
}
