package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.ByteSize;
import dev.fleetdeck.disk.DiskBudget;
import dev.fleetdeck.disk.DiskLevel;
import dev.fleetdeck.disk.DiskVerdict;
import dev.fleetdeck.figures.PublishedFleet;
import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.fleet.AgentDisk;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.DockerDiskUsage;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.HostFigures;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Every agent's state, RAM and CPU, as the fleet view shows them, read once. */
@Command(
        name = "agents",
        mixinStandardHelpOptions = true,
        description = "Every agent: state, actual CPU and RAM use, allocated capacity and sessions.%n"
                + "Prints the reading a window or the keeper left, younger than two refresh intervals,%n"
                + "with the admin states as they are now; else (or with --fresh) reads each agent once%n"
                + "(about two seconds: CPU needs two samples), and its disk use (/system/df, longer on a%n"
                + "big agent).")
public final class AgentsCommand extends FleetCommand {
    /** How long the command waits for the agents' disk use at least. */
    private static final Duration DISK_WAIT = Duration.ofSeconds(10);

    private final ObjectMapper json;

    @Option(names = "--json", description = "Print a JSON array, one object per agent.")
    boolean asJson;

    public AgentsCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.json = json;
    }

    @Option(
            names = "--fresh",
            description = "Read every agent now, even when a window or the keeper left a reading of the%n"
                    + "fleet younger than two refresh intervals (what is printed otherwise, at once).")
    boolean fresh;

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        if (!fresh) {
            // A window or the keeper reads every agent every refresh anyway: its reading is printed
            // at once and costs the engines nothing, as kubectl top prints metrics-server's figures.
            Optional<PublishedFleet> published = services.publishedFigures();
            if (published.isPresent()) {
                PublishedFleet p = published.get();
                FleetSnapshot fleet = new FleetSnapshot(
                        p.taken(),
                        p.agents().stream().map(a -> withAdminNow(services, a)).toList());
                Instant now = Instant.now();
                String from = String.format(
                        Locale.ROOT, "%s, %.1f s old", p.publisher(), p.age(now).toMillis() / 1000.0);
                return show(services, fleet, p::sessionsOf, from, now, out);
            }
        }
        // The disk read (slow on a big agent) runs beside the refresh. It is waited for a while, not
        // for its whole timeout (a minute): a frozen engine must not hold the command that long.
        CompletableFuture<Void> disk = services.disk().readAll();
        FleetSnapshot refreshed = services.fleet().refreshAll();
        Duration wait =
                Collections.max(List.of(DISK_WAIT, services.config().settings().agentTimeout()));
        try {
            disk.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the agents still being read say so below
        }
        FleetSnapshot fleet = new FleetSnapshot(
                refreshed.taken(),
                refreshed.agents().stream()
                        .map(a -> a.withDisk(diskOf(services, a.name(), wait)))
                        .toList());
        return show(services, fleet, AgentSnapshot::sessionCount, null, Instant.now(), out);
    }

    /**
     * The published figures with the admin states as they are now: a cordon made since the reading
     * shows at once, whoever made it.
     */
    private static AgentSnapshot withAdminNow(Services services, AgentSnapshot a) {
        boolean enabled = services.config().agents().stream()
                .filter(c -> c.name().equals(a.name()))
                .allMatch(AgentConfig::enabled);
        return a.withAdmin(
                services.adminStates().of(a.name(), enabled),
                services.adminStates().entry(a.name()).orElse(null));
    }

    /**
     * Prints the fleet; {@code from} names whose reading it is, {@code null} when this command read
     * the agents itself.
     */
    private int show(
            Services services,
            FleetSnapshot fleet,
            ToIntFunction<AgentSnapshot> sessions,
            String from,
            Instant now,
            PrintWriter out)
            throws IOException {
        DiskBudget budget = services.diskBudget();
        if (asJson) {
            out.println(json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(fleet.agents().stream()
                            .map(a -> {
                                Map<String, Object> m = toJson(a, sessions.applyAsInt(a), budget, now);
                                m.put("figuresFrom", from);
                                return m;
                            })
                            .toList()));
        } else {
            print(services, fleet, sessions, out);
            out.println(
                    from == null
                            ? "figures read now from every agent"
                            : "figures of " + from + " (--fresh reads every agent now)");
            for (AgentSnapshot a : fleet.agents()) {
                out.println(a.name() + ": " + disk(a, budget.judge(a), now));
            }
        }
        return fleet.agents().stream().allMatch(AgentSnapshot::online) ? 0 : 1;
    }

    private static AgentDisk diskOf(Services services, String agent, Duration waited) {
        AgentDisk d = services.disk().of(agent);
        return d.known() || d.problem() != null
                ? d
                : d.failed(agent + ": no disk usage within " + waited.toSeconds()
                        + " s (/system/df is slow on a big agent)");
    }

    static Map<String, Object> toJson(AgentSnapshot a, int sessions, DiskBudget budget, Instant now) {
        Map<String, Object> m = toJson(a, sessions);
        // Docker's own disk use from /system/df, by kind; null until the agent's first read.
        AgentDisk d = a.disk();
        DockerDiskUsage u = d.usage();
        m.put("dockerDiskBytes", u == null ? null : u.dockerBytes());
        m.put("dockerImagesBytes", u == null ? null : u.imagesBytes());
        m.put("dockerContainersBytes", u == null ? null : u.containersBytes());
        m.put("dockerVolumesBytes", u == null ? null : u.volumesBytes());
        m.put("dockerBuildCacheBytes", u == null ? null : u.buildCacheBytes());
        m.put("diskReadAt", d.readAt() == null ? null : d.readAt().toString());
        m.put(
                "diskAgeSeconds",
                d.readAt() == null
                        ? null
                        : Math.max(0, Duration.between(d.readAt(), now).toSeconds()));
        m.put("diskStale", d.stale());
        m.put("diskProblem", d.problem());
        DiskVerdict v = budget.judge(a);
        m.put("diskBudgetBytes", v.budgetBytes());
        m.put("diskPercent", v.percent() < 0 ? null : round(v.percent()));
        m.put("diskLevel", v.level().name().toLowerCase(Locale.ROOT));
        return m;
    }

    /** One line on the agent's disk: Docker's use by kind against its budget, the filesystem, how old. */
    private static String disk(AgentSnapshot a, DiskVerdict v, Instant now) {
        AgentDisk d = a.disk();
        StringBuilder line = new StringBuilder("disk ");
        if (d.known()) {
            DockerDiskUsage u = d.usage();
            line.append(String.format(
                    Locale.ROOT,
                    "docker %s of its %s budget (%.0f%%: images %s, containers %s,"
                            + " volumes %s; build cache %s), as of %s ago",
                    human(u.dockerBytes()),
                    human(v.budgetBytes()),
                    v.budgetPercent(),
                    human(u.imagesBytes()),
                    human(u.containersBytes()),
                    human(u.volumesBytes()),
                    human(u.buildCacheBytes()),
                    age(d.readAt(), now)));
        } else {
            line.append("docker unknown");
        }
        if (v.filesystemKnown()) {
            line.append(String.format(
                    Locale.ROOT,
                    " · filesystem %s/%s (%.0f%%)",
                    human(v.filesystemUsedBytes()),
                    human(v.filesystemTotalBytes()),
                    v.filesystemPercent()));
        }
        if (v.level() == DiskLevel.WARNING || v.level() == DiskLevel.CRITICAL) {
            line.append(" · ").append(v.level().name());
        }
        if (d.problem() != null) {
            line.append(d.known() ? " · stale: " : ": ").append(d.problem());
        }
        return line.toString();
    }

    private static String human(long bytes) {
        return new ByteSize(Math.max(0, bytes)).toHuman();
    }

    private static String age(Instant at, Instant now) {
        long s = Math.max(0, Duration.between(at, now).toSeconds());
        return s < 120 ? s + " s" : (s / 60) + " min";
    }

    static Map<String, Object> toJson(AgentSnapshot a, int sessions) {
        Optional<AdminEntry> admin = Optional.ofNullable(a.admin());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("zone", a.zone());
        m.put("state", a.state().name().toLowerCase(Locale.ROOT));
        m.put(
                "adminState",
                admin.map(e -> e.state().name().toLowerCase(Locale.ROOT)).orElse("enabled"));
        m.put("adminReason", admin.map(AdminEntry::reason).orElse(null));
        m.put("adminBy", admin.map(AdminEntry::by).orElse(null));
        m.put("adminSince", admin.map(e -> e.since().toString()).orElse(null));
        m.put("cpus", a.cpus());
        m.put("memTotalBytes", a.memTotalBytes());
        m.put("cpuPercent", round(a.cpuPercent()));
        m.put("usedCpus", round(a.usedCpus()));
        m.put("memUsedBytes", a.memUsedBytes());
        m.put("memPercent", round(a.memPercent()));
        m.put("sessions", sessions);
        m.put("allocatedCpus", a.allocatedCpus());
        m.put("allocatedMemBytes", a.allocatedMemBytes());
        m.put("capacityCpus", a.capacityCpus());
        m.put("capacityMemBytes", a.capacityMemBytes());
        m.put("containersRunning", a.containersRunning());
        m.put("dockerVersion", a.dockerVersion());
        m.put("pingMs", a.ping() == null ? null : a.ping().toNanos() / 1e6);
        m.put("lastRefresh", a.lastRefresh() == null ? null : a.lastRefresh().toString());
        m.put("error", a.error());
        // Host figures: node-exporter's through Prometheus, else null with the reason and Docker's above.
        HostFigures h = a.host().figures();
        m.put("metricsSource", a.host().source().label());
        m.put("metricsProblem", a.host().problem());
        m.put("hostCpuPercent", h == null ? null : round(h.cpuPercent()));
        m.put("hostMemUsedBytes", h == null ? null : h.memUsedBytes());
        m.put("hostMemTotalBytes", h == null ? null : h.memTotalBytes());
        m.put("hostMemPercent", h == null ? null : round(h.memPercent()));
        m.put("diskUsedBytes", h == null || h.diskTotalBytes() == 0 ? null : h.diskUsedBytes());
        m.put("diskTotalBytes", h == null || h.diskTotalBytes() == 0 ? null : h.diskTotalBytes());
        m.put("hostSampledAt", h == null ? null : h.sampledAt().toString());
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void print(
            Services services, FleetSnapshot fleet, ToIntFunction<AgentSnapshot> sessions, PrintWriter out) {
        out.println(services.label() + (services.simulated() ? "  [SIMULATED]" : ""));
        out.printf(
                Locale.ROOT,
                "%-16s %-8s %-9s %14s %20s %22s %8s  %s%n",
                "AGENT",
                "ZONE",
                "STATE",
                "CPU USED",
                "RAM USED",
                "ALLOCATED",
                "SESSIONS",
                "HOST (node-exporter)");
        for (AgentSnapshot a : fleet.agents()) {
            if (!a.online()) {
                out.printf(
                        Locale.ROOT,
                        "%-16s %-8s %-9s %s%n",
                        a.name(),
                        a.zone(),
                        a.state().label(),
                        a.error() == null ? "" : a.error());
                continue;
            }
            out.printf(
                    Locale.ROOT,
                    "%-16s %-8s %-9s %14s %20s %22s %8d  %s%n",
                    a.name(),
                    a.zone(),
                    a.state().label(),
                    String.format(Locale.ROOT, "%.0f%% %.1f/%d", a.cpuPercent(), a.usedCpus(), a.cpus()),
                    String.format(Locale.ROOT, "%.0f%% %s", a.memPercent(), new ByteSize(a.memUsedBytes()).toHuman()),
                    String.format(
                            Locale.ROOT,
                            "%s/%s c %s",
                            trim(a.allocatedCpus()),
                            trim(a.capacityCpus()),
                            new ByteSize(a.allocatedMemBytes()).toHuman()),
                    sessions.applyAsInt(a),
                    host(a));
        }
        FleetSnapshot.Headroom h = fleet.nPlusTwo();
        for (AgentSnapshot a : fleet.agents()) {
            if (a.admin() != null) {
                out.println(a.name() + ": " + a.admin().describe());
            }
        }
        out.printf(
                Locale.ROOT,
                "%d agents, %d online, %d sessions; N+2 %s (%s cores, %s spare after losing the two largest)%n",
                fleet.agents().size(),
                fleet.online(),
                fleet.agents().stream().mapToInt(sessions).sum(),
                h.survives() ? "ok" : "AT RISK",
                trim(h.spareCpus()),
                new ByteSize(Math.max(0, h.spareMemBytes())).toHuman());
    }

    /** The host's own figures, or why Docker's stand in. */
    private static String host(AgentSnapshot a) {
        HostFigures h = a.host().figures();
        if (h == null) {
            return a.host().problem() == null
                    ? "-"
                    : "docker figures: " + a.host().problem();
        }
        return String.format(
                Locale.ROOT,
                "CPU %.0f%% · RAM %.0f%% %s/%s%s",
                h.cpuPercent(),
                h.memPercent(),
                new ByteSize(h.memUsedBytes()).toHuman(),
                new ByteSize(h.memTotalBytes()).toHuman(),
                h.diskTotalBytes() == 0
                        ? ""
                        : " · disk " + new ByteSize(h.diskUsedBytes()).toHuman() + "/"
                                + new ByteSize(h.diskTotalBytes()).toHuman());
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }
}
