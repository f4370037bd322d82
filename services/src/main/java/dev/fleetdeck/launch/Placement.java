package dev.fleetdeck.launch;

import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetMonitor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Phase 2 of a launch: which agents may take a session of this workspace, best first. An agent
 * qualifies when it accepts sessions (enabled, not cordoned or draining), answers, is in the
 * zone, has the image and has capacity left once sessions still being launched are counted.
 * Least loaded first. Every agent left out gets a reason, for the "no capacity" message.
 */
public final class Placement {
    private final FleetMonitor fleet;
    private final ImagePresence images;
    private final LongSupplier nanoTime;
    private final long holdNanos;
    private final List<Hold> holds = new ArrayList<>();

    /**
     * @param holdAfterSuccessNanos how long a placed session keeps counting here after it is
     *                              ready: until the fleet monitor's own snapshot shows it
     */
    public Placement(FleetMonitor fleet, ImagePresence images, LongSupplier nanoTime, long holdAfterSuccessNanos) {
        this.fleet = fleet;
        this.images = images;
        this.nanoTime = nanoTime;
        this.holdNanos = holdAfterSuccessNanos;
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
            rejected.forEach((agent, why) -> sb.append("\n  ").append(agent).append(": ").append(why));
            return sb.toString();
        }
    }

    /** A reservation of capacity on one agent while a session is being created. */
    public final class Hold {
        final String agent;
        final double cores;
        final long memory;
        volatile long expiresAt = Long.MAX_VALUE;

        Hold(String agent, double cores, long memory) {
            this.agent = agent;
            this.cores = cores;
            this.memory = memory;
        }

        public String agent() {
            return agent;
        }

        /** The session exists: keep counting it until the monitor has seen it. */
        public void placed() {
            expiresAt = nanoTime.getAsLong() + holdNanos;
        }

        /** The session was not created: the capacity is free at once. */
        public void release() {
            synchronized (holds) {
                holds.remove(this);
            }
        }
    }

    public Plan plan(WorkspaceType ws, String zone) {
        List<AgentSnapshot> ok = new ArrayList<>();
        Map<String, String> rejected = new LinkedHashMap<>();
        Map<String, double[]> pending = pending();
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
    public record Choice(Hold hold, Plan plan) {
    }

    /**
     * Chooses and holds in one step, so two launches deciding at the same moment see each other's
     * hold and spread over the agents instead of both taking the least loaded one.
     */
    public synchronized Choice next(WorkspaceType ws, String zone, java.util.Set<String> tried) {
        Plan plan = plan(ws, zone);
        for (String agent : plan.candidates()) {
            if (!tried.contains(agent)) {
                return new Choice(hold(agent, ws), plan);
            }
        }
        return new Choice(null, plan);
    }

    /** Counts a session being created on {@code agent} until released or placed and expired. */
    public Hold hold(String agent, WorkspaceType ws) {
        Hold h = new Hold(agent, ws.cores(), ws.memoryBytes());
        synchronized (holds) {
            holds.add(h);
        }
        return h;
    }

    private Map<String, double[]> pending() {
        long now = nanoTime.getAsLong();
        Map<String, double[]> sums = new LinkedHashMap<>();
        synchronized (holds) {
            holds.removeIf(h -> h.expiresAt <= now);
            for (Hold h : holds) {
                double[] s = sums.computeIfAbsent(h.agent, k -> new double[2]);
                s[0] += h.cores;
                s[1] += h.memory;
            }
        }
        return sums;
    }

    private String rejection(AgentMonitor m, AgentSnapshot a, WorkspaceType ws, String zone, double[] pending) {
        if (zone != null && !zone.equals(a.zone())) {
            return "in zone " + a.zone() + ", not " + zone;
        }
        if (!a.online()) {
            return a.error() != null ? "offline (" + a.error() + ")" : "not answering yet";
        }
        if (!a.state().acceptsSessions()) {
            return a.state().label().toLowerCase(Locale.ROOT) + ": takes no new sessions";
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
            return String.format(Locale.ROOT, "no CPU capacity: %s of %s cores allocated%s, needs %s",
                    trim(a.allocatedCpus()), trim(a.capacityCpus()), pending[0] > 0 ? " (+" + trim(pending[0]) + " launching)" : "",
                    trim(ws.cores()));
        }
        if (memAfter > a.capacityMemBytes()) {
            return String.format(Locale.ROOT, "no RAM capacity: %d of %d MiB allocated%s, needs %d MiB",
                    a.allocatedMemBytes() >> 20, a.capacityMemBytes() >> 20,
                    pending[1] > 0 ? " (+" + ((long) pending[1] >> 20) + " MiB launching)" : "", ws.memoryBytes() >> 20);
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
