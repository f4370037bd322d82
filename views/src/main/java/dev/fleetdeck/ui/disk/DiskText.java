package dev.fleetdeck.ui.disk;

import dev.fleetdeck.config.DiskSettings;
import dev.fleetdeck.disk.DiskBudget;
import dev.fleetdeck.disk.DiskLevel;
import dev.fleetdeck.disk.DiskVerdict;
import dev.fleetdeck.fleet.AgentDisk;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.DockerDiskUsage;
import dev.fleetdeck.ui.common.Format;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an agent's disk reads on screen, in the fleet table's cell and tooltip and in the agent
 * detail: one wording for both. The figures are the disk watch's last reading and the host's
 * filesystem, judged by {@link DiskBudget}.
 */
public final class DiskText {
    private final DiskBudget budget;

    public DiskText(DiskBudget budget) {
        this.budget = budget;
    }

    public DiskVerdict judge(AgentSnapshot a) {
        return budget.judge(a);
    }

    /** The bar's share: the deciding percent, 0 when nothing is known. */
    public double percent(AgentSnapshot a) {
        return Math.max(0, judge(a).percent());
    }

    /** {@code ok}, {@code warn} or {@code critical}: the CSS level the bar is coloured by. */
    public String level(AgentSnapshot a) {
        return judge(a).level().style();
    }

    /**
     * The compact cell: the deciding share and Docker's use ({@code 42 % · 34.2 GiB}), {@code · stale}
     * when the last read failed, the filesystem's share alone while Docker's is unknown.
     */
    public String cell(AgentSnapshot a) {
        DiskVerdict v = judge(a);
        AgentDisk d = a.disk();
        if (v.level() == DiskLevel.UNKNOWN) {
            return d.problem() != null ? "unknown" : "reading…";
        }
        String figure = v.dockerKnown() ? Format.bytes(v.dockerBytes()) : "fs";
        return Format.percent(v.percent()) + " · " + figure + (d.problem() != null ? " · stale" : "");
    }

    /** Every line the tooltip and the detail show, in reading order. */
    public List<String> lines(AgentSnapshot a, Instant now) {
        DiskVerdict v = judge(a);
        AgentDisk d = a.disk();
        DiskSettings s = budget.settings();
        List<String> out = new ArrayList<>();
        String every = "read every " + Format.age(now.minus(s.interval()), now);
        if (d.known()) {
            out.add("Disk as of " + Format.age(d.readAt(), now) + " ago (" + every + ")");
        } else {
            out.add(d.problem() == null ? "Disk not read yet (" + every + ")" : "Disk unknown: " + d.problem());
        }
        if (d.stale()) {
            out.add("Stale: the latest read failed: " + d.problem());
        }
        if (d.known()) {
            DockerDiskUsage u = d.usage();
            out.add(String.format(
                    Locale.ROOT,
                    "Docker %s: images %s · containers %s · volumes %s · build cache %s",
                    Format.bytes(u.dockerBytes()),
                    Format.bytes(u.imagesBytes()),
                    Format.bytes(u.containersBytes()),
                    Format.bytes(u.volumesBytes()),
                    Format.bytes(u.buildCacheBytes())));
        }
        String sessions = a.sessionCount() == 1 ? "1 session's" : a.sessionCount() + " sessions'";
        out.add(String.format(
                Locale.ROOT,
                "Budget %s = 80 GiB + %s diskPerSession%s",
                Format.bytes(v.budgetBytes()),
                sessions,
                v.dockerKnown() ? ": Docker at " + Format.percent(v.budgetPercent()) : ""));
        if (v.filesystemKnown()) {
            out.add(String.format(
                    Locale.ROOT,
                    "Filesystem of the data root %s of %s (%s), from node-exporter%s",
                    Format.bytes(v.filesystemUsedBytes()),
                    Format.bytes(v.filesystemTotalBytes()),
                    Format.percent(v.filesystemPercent()),
                    v.undersized() ? " — smaller than the budget" : ""));
        } else {
            out.add("Filesystem of the data root: unknown (needs node-exporter)");
        }
        out.add(String.format(
                Locale.ROOT,
                "Warning above %s, critical above %s",
                Format.percent(s.warnPercent()),
                Format.percent(s.criticalPercent())));
        return out;
    }
}
