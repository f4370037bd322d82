package dev.fleetdeck.launch;

import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.store.ProcessOwner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Phase 2 of a launch: which agents may take a session of this workspace, best first. An agent
 * qualifies when it accepts sessions (enabled, not cordoned, draining or drained), answers, is in
 * the zone, has the image and has capacity left once sessions still being launched, by any
 * process, are counted (the {@link CapacityLedger}).
 * Least loaded first. Every agent left out gets a reason, for the "no capacity" message.
 */
public final class Placement {
    /** How long a reservation outlives a launch's longest wait for readiness, if its process never says more. */
    private static final long UNPLACED_MARGIN_MILLIS = 60_000;

    private final FleetMonitor fleet;
    private final ImagePresence images;
    private final AdminStates admin;
    private final CapacityLedger shared;
    private final CapacityLedger local = CapacityLedger.inMemory();
    private final String owner;
    private final long holdMillis;
    private final Consumer<String> problems;
    private volatile String lastProblem;

    /**
     * Reservations in this process only (tests, benchmarks).
     *
     * @param holdAfterSuccessNanos how long a placed session keeps counting here after it is
     *                              ready: until the fleet monitor's own snapshot shows it
     */
    public Placement(FleetMonitor fleet, ImagePresence images, LongSupplier nanoTime, long holdAfterSuccessNanos) {
        this(
                fleet,
                images,
                new AdminStates(),
                CapacityLedger.inMemory(),
                ProcessOwner.current().toString(),
                holdAfterSuccessNanos / 1_000_000,
                p -> {});
    }

    /**
     * @param shared     the reservations every process shares; while it fails, this process's own
     *                   are used (and the failure told), so a Redis outage does not stop launches
     * @param holdMillis how long a created session's reservation stays, until every process's
     *                   snapshot counts it by its labels
     */
    public Placement(
            FleetMonitor fleet,
            ImagePresence images,
            AdminStates admin,
            CapacityLedger shared,
            String owner,
            long holdMillis,
            Consumer<String> problems) {
        this.fleet = fleet;
        this.images = images;
        this.admin = admin;
        this.shared = shared;
        this.owner = owner;
        this.holdMillis = holdMillis;
        this.problems = problems;
    }

    /** The candidates in order, and why each other agent was left out. */
    public record Plan(List<String> candidates, Map<String, String> rejected) {
        public String noCapacityMessage(WorkspaceType ws, String zone) {
            StringBuilder sb = new StringBuilder("no agent can take a " + ws.name() + " session ("
                    + trim(ws.cores()) + " cores, " + (ws.memoryBytes() >> 20) + " MiB)"
                    + (zone == null ? "" : " in zone " + zone) + ":");
            if (rejected.isEmpty()) {
                sb.append(" no agents are configured");
            }
            rejected.forEach(
                    (agent, why) -> sb.append("\n  ").append(agent).append(": ").append(why));
            return sb.toString();
        }
    }

    /** Capacity reserved on one agent while a session is being created. */
    public final class Hold {
        private final Reservation reservation;
        private final CapacityLedger ledger;

        Hold(Reservation reservation, CapacityLedger ledger) {
            this.reservation = reservation;
            this.ledger = ledger;
        }

        public String agent() {
            return reservation.agent();
        }

        /** The session exists: keep counting it until every monitor has seen it. */
        public void placed() {
            try {
                ledger.placed(reservation, holdMillis);
            } catch (IOException | RuntimeException e) {
                problem("reservation of " + reservation.sessionId() + " on " + agent() + " not updated in "
                        + ledger.describe() + " (it expires by itself): " + e.getMessage());
            }
        }

        /** The session was not created: the capacity is free at once. */
        public void release() {
            try {
                ledger.release(reservation);
            } catch (IOException | RuntimeException e) {
                problem("reservation of " + reservation.sessionId() + " on " + agent() + " not released in "
                        + ledger.describe() + " (it expires by itself): " + e.getMessage());
            }
        }
    }

    public Plan plan(WorkspaceType ws, String zone) {
        return plan(ws, zone, pending(held()));
    }

    private Plan plan(WorkspaceType ws, String zone, Map<String, double[]> pending) {
        List<AgentSnapshot> ok = new ArrayList<>();
        Map<String, String> rejected = new LinkedHashMap<>();
        for (AgentMonitor m : fleet.agents()) {
            AgentSnapshot a = m.last();
            String why = rejection(m, a, ws, zone, pending.getOrDefault(a.name(), new double[2]));
            if (why == null) {
                ok.add(a);
            } else {
                rejected.put(a.name(), why);
            }
        }
        ok.sort(Comparator.comparingDouble((AgentSnapshot a) -> load(a, pending.getOrDefault(a.name(), new double[2])))
                .thenComparing(AgentSnapshot::name));
        return new Plan(ok.stream().map(AgentSnapshot::name).toList(), rejected);
    }

    /** The best agent not yet tried, already held for the session; or none, with the plan saying why. */
    public record Choice(Hold hold, Plan plan) {}

    /** Like {@link #next(WorkspaceType, String, Set, String)} for a session id of its own. */
    public Choice next(WorkspaceType ws, String zone, Set<String> tried) {
        return next(ws, zone, tried, "fd-" + UUID.randomUUID());
    }

    /**
     * Chooses and holds in one step, so two launches deciding at the same moment, in this process
     * or another, see each other's reservation and spread over the agents instead of both taking
     * the least loaded one. The store refuses an agent cordoned or filled since the plan was made;
     * the next candidate is tried.
     */
    public synchronized Choice next(WorkspaceType ws, String zone, Set<String> tried, String sessionId) {
        admin.reload();
        Held held = held();
        Plan plan = plan(ws, zone, pending(held));
        Map<String, String> rejected = new LinkedHashMap<>(plan.rejected());
        List<String> candidates = new ArrayList<>(plan.candidates());
        for (String agent : plan.candidates()) {
            if (tried.contains(agent)) {
                continue;
            }
            AgentSnapshot a = fleet.agent(agent).last();
            ReservationRequest request = ReservationRequest.of(
                    UUID.randomUUID().toString(),
                    a,
                    sessionId,
                    ws.cores(),
                    ws.memoryBytes(),
                    owner,
                    Launcher.readyTimeout(ws).toMillis() + UNPLACED_MARGIN_MILLIS);
            CapacityLedger.Grant grant = reserve(held.ledger(), request);
            if (grant.granted()) {
                return new Choice(new Hold(grant.reservation(), held.ledger()), plan);
            }
            candidates.remove(agent);
            String full = capacityReason(a, ws, new double[] {grant.pendingCpus(), grant.pendingMemBytes()});
            rejected.put(
                    agent,
                    grant.admin() != null
                            ? grant.admin().describe() + " — takes no new sessions"
                            : full != null ? full : "no capacity left once other launches are counted");
        }
        return new Choice(null, new Plan(candidates, rejected));
    }

    private record Held(CapacityLedger ledger, List<Reservation> reservations) {}

    /** The shared reservations, or this process's own while the shared store fails. */
    private Held held() {
        try {
            Held h = new Held(shared, shared.held());
            lastProblem = null;
            return h;
        } catch (IOException | RuntimeException e) {
            problem("capacity reservations: " + shared.describe() + " unavailable, holding them in this process only ("
                    + e.getMessage() + ")");
            try {
                return new Held(local, local.held());
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private CapacityLedger.Grant reserve(CapacityLedger ledger, ReservationRequest request) {
        try {
            return ledger.reserve(request);
        } catch (IOException | RuntimeException e) {
            problem("capacity reservations: " + ledger.describe() + " unavailable, holding them in this process only ("
                    + e.getMessage() + ")");
            try {
                return local.reserve(request);
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    /** Per agent, the cores and memory held for sessions its snapshot does not count yet. */
    private Map<String, double[]> pending(Held held) {
        Map<String, Set<String>> counted = new LinkedHashMap<>();
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Reservation r : held.reservations()) {
            AgentMonitor m = fleet.agent(r.agent());
            if (m == null) {
                continue;
            }
            if (counted.computeIfAbsent(r.agent(), k -> ReservationRequest.counted(m.last()))
                    .contains(r.sessionId())) {
                continue;
            }
            double[] s = sums.computeIfAbsent(r.agent(), k -> new double[2]);
            s[0] += r.cores();
            s[1] += r.memoryBytes();
        }
        return sums;
    }

    private void problem(String p) {
        if (!p.equals(lastProblem)) {
            lastProblem = p;
            problems.accept(p);
        }
    }

    private String rejection(AgentMonitor m, AgentSnapshot a, WorkspaceType ws, String zone, double[] pending) {
        if (zone != null && !zone.equals(a.zone())) {
            return "in zone " + a.zone() + ", not " + zone;
        }
        if (!a.online()) {
            return a.error() != null ? "offline (" + a.error() + ")" : "not answering yet";
        }
        if (!a.state().acceptsSessions()) {
            return admin.entry(a.name())
                            .map(AdminEntry::describe)
                            .orElse(a.state().label().toLowerCase(Locale.ROOT)) + " — takes no new sessions";
        }
        Optional<AdminEntry> out = admin.entry(a.name());
        if (out.isPresent()) {
            return out.get().describe() + " — takes no new sessions"; // set since the snapshot was taken
        }
        String capacity = capacityReason(a, ws, pending);
        if (capacity != null) {
            return capacity;
        }
        try {
            if (!images.has(a.name(), m.engine(), ws.image())) {
                return "image " + ws.image() + " is not present";
            }
        } catch (AgentEngine.EngineException e) {
            return "could not list images: " + e.getMessage();
        }
        return null;
    }

    private static String capacityReason(AgentSnapshot a, WorkspaceType ws, double[] pending) {
        double cpusAfter = a.allocatedCpus() + pending[0] + ws.cores();
        double memAfter = a.allocatedMemBytes() + pending[1] + ws.memoryBytes();
        if (cpusAfter > a.capacityCpus() + 1e-9) {
            return String.format(
                    Locale.ROOT,
                    "no CPU capacity: %s of %s cores allocated%s, needs %s",
                    trim(a.allocatedCpus()),
                    trim(a.capacityCpus()),
                    pending[0] > 0 ? " (+" + trim(pending[0]) + " launching)" : "",
                    trim(ws.cores()));
        }
        if (memAfter > a.capacityMemBytes()) {
            return String.format(
                    Locale.ROOT,
                    "no RAM capacity: %d of %d MiB allocated%s, needs %d MiB",
                    a.allocatedMemBytes() >> 20,
                    a.capacityMemBytes() >> 20,
                    pending[1] > 0 ? " (+" + ((long) pending[1] >> 20) + " MiB launching)" : "",
                    ws.memoryBytes() >> 20);
        }
        return null;
    }

    /** The larger of the CPU and RAM allocation ratios, launches in flight included. */
    private static double load(AgentSnapshot a, double[] pending) {
        double cpu = a.capacityCpus() <= 0 ? 1 : (a.allocatedCpus() + pending[0]) / a.capacityCpus();
        double mem = a.capacityMemBytes() <= 0 ? 1 : (a.allocatedMemBytes() + pending[1]) / a.capacityMemBytes();
        return Math.max(cpu, mem);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
