package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.config.ByteSize;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.text.NaturalOrder;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Every Fleetdeck session on every agent. */
@Command(
        name = "sessions",
        mixinStandardHelpOptions = true,
        description = "Every Fleetdeck session on every agent: user, workspace, agent, age, state, CPU and RAM.")
public final class SessionsCommand extends FleetCommand {
    private final ObjectMapper json;

    @Option(names = "--json", description = "Print a JSON array, one object per session.")
    boolean asJson;

    @Option(names = "--user", paramLabel = "USER", description = "Only this user's sessions.")
    String user;

    public SessionsCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.json = json;
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        FleetSnapshot fleet = services.fleet().refreshAll();
        List<Session> sessions = fleet.sessions()
                .filter(s -> user == null || user.equals(s.user()))
                .sorted(Comparator.comparing(Session::agent, NaturalOrder.NAMES).thenComparing(Session::created))
                .toList();
        if (asJson) {
            out.println(json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(
                            sessions.stream().map(SessionsCommand::toJson).toList()));
            return 0;
        }
        out.printf(
                Locale.ROOT,
                "%-16s %-12s %-10s %-16s %8s %-9s %-9s %7s %10s%n",
                "SESSION",
                "USER",
                "WORKSPACE",
                "AGENT",
                "AGE",
                "STATE",
                "HEALTH",
                "CPU",
                "RAM");
        Instant now = Instant.now();
        for (Session s : sessions) {
            out.printf(
                    Locale.ROOT,
                    "%-16s %-12s %-10s %-16s %8s %-9s %-9s %6.1f%% %10s%n",
                    s.sessionId(),
                    s.user(),
                    s.workspaceType(),
                    s.agent(),
                    age(s.created(), now),
                    s.state(),
                    s.health() == null ? "-" : s.health(),
                    s.cpuPercent(),
                    new ByteSize(s.memUsedBytes()).toHuman());
        }
        out.println(sessions.size() + " sessions");
        return 0;
    }

    static Map<String, Object> toJson(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionId", s.sessionId());
        m.put("containerId", s.containerId());
        m.put("agent", s.agent());
        m.put("user", s.user());
        m.put("workspaceType", s.workspaceType());
        m.put("created", s.created() == null ? null : s.created().toString());
        m.put("state", s.state());
        m.put("health", s.health());
        m.put("cpuPercent", Math.round(s.cpuPercent() * 100) / 100.0);
        m.put("memUsedBytes", s.memUsedBytes());
        m.put("cores", s.cores());
        m.put("memoryBytes", s.memoryBytes());
        return m;
    }

    private static String age(Instant created, Instant now) {
        if (created == null) {
            return "-";
        }
        long s = Math.max(0, Duration.between(created, now).toSeconds());
        return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" : s / 3600 + "h" + (s % 3600 / 60) + "m";
    }
}
