package dev.fleetdeck.drain;

import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.Session;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * What draining one agent would do, before anything is done: the sessions and users it affects
 * and whether the zone still carries its load afterwards with headroom.
 *
 * <p>The sizing guide's N+2 keeps two agents spare: one out for maintenance, one that may fail.
 * The drained agent is the maintenance one, so the drain fits when the zone's whole allocated
 * load (the drained agent's sessions included: their users come back) fits on the zone's other
 * agents that take sessions even after the largest of them is lost too. Cordoned, draining and
 * offline agents count as no capacity. Sessions waiting in a staging pool are nobody's: they are
 * removed first (the pool's keeper restages them elsewhere, as far as there is room), so they count
 * neither as load nor as sessions affected.
 *
 * @param capacityCpusAfter  cores of the zone's remaining agents that take sessions
 * @param spareCpusAfter     left after the zone's load, nothing else lost
 * @param spareCpusN2        left after the zone's load once the largest remaining agent is lost too
 * @param untold             sessions whose users cannot be told (their workspace has no notice command)
 * @param untoldTypes        those sessions' workspace types
 */
public record DrainPreview(
        String agent,
        String zone,
        List<Session> sessions,
        List<String> users,
        int agentsLeft,
        double loadCpus,
        long loadMemBytes,
        double capacityCpusAfter,
        long capacityMemBytesAfter,
        double spareCpusAfter,
        long spareMemBytesAfter,
        double spareCpusN2,
        long spareMemBytesN2,
        int untold,
        List<String> untoldTypes) {

    public DrainPreview {
        sessions = List.copyOf(sessions);
        users = List.copyOf(users);
        untoldTypes = List.copyOf(untoldTypes);
    }

    /** As a fleet where no workspace has a notice command sees it. */
    public static DrainPreview of(FleetSnapshot fleet, String agent) {
        return of(fleet, agent, type -> false);
    }

    /**
     * @param canTell whether users of a workspace type can be told ({@link DrainNotifier#canTell})
     * @throws IllegalArgumentException when the fleet has no such agent
     */
    public static DrainPreview of(FleetSnapshot fleet, String agent, Predicate<String> canTell) {
        AgentSnapshot target = fleet.agents().stream()
                .filter(a -> a.name().equals(agent))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no agent named '" + agent + "' in this fleet: "
                        + String.join(
                                ", ",
                                fleet.agents().stream().map(AgentSnapshot::name).toList())));
        List<AgentSnapshot> zone = fleet.agents().stream()
                .filter(a -> a.zone().equals(target.zone()))
                .toList();
        double loadCpus = zone.stream()
                .mapToDouble(a -> a.allocatedCpus() - a.stagedCpus())
                .sum();
        long loadMem = zone.stream()
                .mapToLong(a -> a.allocatedMemBytes() - a.stagedMemBytes())
                .sum();
        List<AgentSnapshot> remaining = zone.stream()
                .filter(a -> !a.name().equals(agent) && a.online() && a.state().acceptsSessions())
                .toList();
        double capCpus =
                remaining.stream().mapToDouble(AgentSnapshot::capacityCpus).sum();
        long capMem =
                remaining.stream().mapToLong(AgentSnapshot::capacityMemBytes).sum();
        double largestCpus = remaining.stream()
                .mapToDouble(AgentSnapshot::capacityCpus)
                .max()
                .orElse(0);
        long largestMem = remaining.stream()
                .mapToLong(AgentSnapshot::capacityMemBytes)
                .max()
                .orElse(0);
        List<Session> sessions = new ArrayList<>(
                target.sessions().stream().filter(s -> !s.waitingInPool()).toList());
        sessions.sort(Comparator.comparing(Session::created, Comparator.nullsLast(Comparator.naturalOrder())));
        List<String> users =
                sessions.stream().map(Session::user).distinct().sorted().toList();
        List<Session> untold =
                sessions.stream().filter(s -> !canTell.test(s.workspaceType())).toList();
        List<String> untoldTypes =
                untold.stream().map(Session::workspaceType).distinct().sorted().toList();
        return new DrainPreview(
                agent,
                target.zone(),
                sessions,
                users,
                remaining.size(),
                loadCpus,
                loadMem,
                capCpus,
                capMem,
                capCpus - loadCpus,
                capMem - loadMem,
                capCpus - largestCpus - loadCpus,
                capMem - largestMem - loadMem,
                untold.size(),
                untoldTypes);
    }

    /** Whether the zone keeps N+2 headroom with this agent out. */
    public boolean fits() {
        return agentsLeft > 0 && spareCpusN2 >= -1e-9 && spareMemBytesN2 >= 0;
    }

    /** Why the drain does not fit, in one line; {@code null} when it fits. */
    public String refusal() {
        if (fits()) {
            return null;
        }
        if (agentsLeft == 0) {
            return "draining " + agent + " leaves zone " + zone + " with no agent that takes sessions";
        }
        boolean fitsAtAll = spareCpusAfter >= -1e-9 && spareMemBytesAfter >= 0;
        return String.format(
                Locale.ROOT,
                "draining %s %s: zone %s's load of %s cores / %d GiB %s on %d remaining agent(s) "
                        + "(%s cores / %d GiB); after losing one more it would be short by %s cores / %d GiB",
                agent,
                fitsAtAll ? "leaves no N+2 headroom" : "does not fit",
                zone,
                trim(loadCpus),
                loadMemBytes >> 30,
                fitsAtAll ? "fits" : "does not fit",
                agentsLeft,
                trim(capacityCpusAfter),
                capacityMemBytesAfter >> 30,
                trim(Math.max(0, -spareCpusN2)),
                Math.max(0, -spareMemBytesN2) >> 30);
    }

    /** The preview as an operator reads it, line by line. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("Drain preview of " + agent + " (zone " + zone + ")");
        out.add("  sessions affected: " + sessions.size()
                + (users.isEmpty() ? "" : "; users: " + String.join(", ", users)));
        for (Session s : sessions) {
            out.add("    " + s.sessionId() + "  " + s.user() + "  " + s.workspaceType());
        }
        if (!sessions.isEmpty()) {
            out.add(noticeLine());
        }
        out.add(String.format(
                Locale.ROOT, "  zone load: %s cores / %d GiB allocated", trim(loadCpus), loadMemBytes >> 30));
        out.add(String.format(
                Locale.ROOT,
                "  after the drain: %d agent(s), %s cores / %d GiB; spare %s cores / %d GiB",
                agentsLeft,
                trim(capacityCpusAfter),
                capacityMemBytesAfter >> 30,
                trim(spareCpusAfter),
                spareMemBytesAfter >> 30));
        out.add(String.format(
                Locale.ROOT,
                "  if one more agent fails (N+2): spare %s cores / %d GiB",
                trim(spareCpusN2),
                spareMemBytesN2 >> 30));
        out.add(
                fits()
                        ? "  verdict: fits with N+2 headroom"
                        : "  verdict: REFUSED — " + refusal() + " (--force drains anyway)");
        return out;
    }

    /** Whether users will hear of the drain: a type without a notice command is a silent stop. */
    public String noticeLine() {
        if (untold == 0) {
            return "  notices: every user is told at the start, before the deadline and at a stop";
        }
        String types = String.join(", ", untoldTypes);
        if (untold == sessions.size()) {
            return "  notices: users will NOT be told — no notice command for " + types
                    + " (add notice: to the workspace)";
        }
        return "  notices: " + untold + " of " + sessions.size()
                + " session(s) will NOT be told — no notice command for " + types + " (add notice: to the workspace)";
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
