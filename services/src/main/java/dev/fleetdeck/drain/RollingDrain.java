package dev.fleetdeck.drain;

import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.FleetMonitor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Patches a list of agents without downtime, as the sizing guide rotates them: at most
 * {@code maxUnavailable} at a time, each drained, its maintenance hook run, enabled again and
 * seen healthy before the next one starts. The first failure stops the rotation (the failed
 * agent stays cordoned for an operator); pause lets the agents under way finish and starts no
 * new one until resumed; cancel cancels the drains under way (their agents take sessions again).
 */
public final class RollingDrain {

    /** How one agent went: {@code ok}, {@code failed}, {@code cancelled}. */
    public record Step(String agent, String outcome, String detail) {
        public boolean ok() {
            return outcome.equals("ok");
        }
    }

    /** @param stoppedBecause why agents were left untouched, or {@code null} when all were done */
    public record Result(List<Step> steps, List<String> untouched, String stoppedBecause) {
        public boolean completed() {
            return stoppedBecause == null;
        }
    }

    private final DrainService drains;
    private final FleetMonitor fleet;
    private final List<String> agents;
    private final int maxUnavailable;
    private final DrainOptions options;
    private final String reason;
    private final Duration healthyTimeout;
    private final Executor executor;
    private final Consumer<String> log;
    private final Map<String, CompletableFuture<Step>> underWay = new LinkedHashMap<>();
    private boolean paused;
    private boolean cancelled;

    /**
     * @param options  each agent's drain; its hook runs once drained, then this re-enables the agent
     * @param executor runs each agent's sequence (one thread per agent under way)
     * @param log      one line per step, for the command line or a view
     */
    public RollingDrain(
            DrainService drains,
            FleetMonitor fleet,
            List<String> agents,
            int maxUnavailable,
            DrainOptions options,
            Duration healthyTimeout,
            Executor executor,
            Consumer<String> log) {
        this(drains, fleet, agents, maxUnavailable, options, null, healthyTimeout, executor, log);
    }

    /** @param reason the operator's reason, kept with each agent's state while it is out */
    public RollingDrain(
            DrainService drains,
            FleetMonitor fleet,
            List<String> agents,
            int maxUnavailable,
            DrainOptions options,
            String reason,
            Duration healthyTimeout,
            Executor executor,
            Consumer<String> log) {
        this.reason = reason;
        if (maxUnavailable < 1) {
            throw new IllegalArgumentException("max unavailable must be 1 or more, got " + maxUnavailable);
        }
        this.drains = drains;
        this.fleet = fleet;
        this.agents = List.copyOf(agents);
        this.maxUnavailable = maxUnavailable;
        this.options = options.withHook(options.hook(), options.hookLimit(), false);
        this.healthyTimeout = healthyTimeout;
        this.executor = executor;
        this.log = log;
    }

    /** Runs the rotation to its end on the caller's thread. */
    public Result run() throws InterruptedException {
        Deque<String> pending = new ArrayDeque<>(agents);
        List<Step> steps = new ArrayList<>();
        String stopped = null;
        drains.audit(
                AuditAction.ROLLING_DRAIN,
                String.join(",", agents),
                "started",
                "max unavailable " + maxUnavailable,
                drains.operator().id());
        while (true) {
            List<CompletableFuture<Step>> running;
            synchronized (this) {
                while (stopped == null
                        && !cancelled
                        && !paused
                        && underWay.size() < maxUnavailable
                        && !pending.isEmpty()) {
                    String agent = pending.removeFirst();
                    log.accept(agent + ": draining");
                    underWay.put(agent, CompletableFuture.supplyAsync(() -> rotate(agent), executor));
                }
                if (underWay.isEmpty()) {
                    if (cancelled) {
                        stopped = stopped == null ? "cancelled" : stopped;
                    }
                    if (stopped != null || pending.isEmpty()) {
                        break;
                    }
                    wait(); // paused with nothing under way
                    continue;
                }
                running = List.copyOf(underWay.values());
            }
            try {
                CompletableFuture.anyOf(running.toArray(CompletableFuture[]::new))
                        .get();
            } catch (ExecutionException e) {
                // each rotation turns its failures into a step; nothing else throws
            }
            synchronized (this) {
                for (var it = underWay.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.getValue().isDone()) {
                        Step s = e.getValue().join();
                        steps.add(s);
                        log.accept(s.agent() + ": " + s.outcome() + (s.detail() == null ? "" : " — " + s.detail()));
                        if (!s.ok() && stopped == null) {
                            stopped = cancelled ? "cancelled" : s.agent() + " " + s.outcome() + ": " + s.detail();
                        }
                        it.remove();
                    }
                }
            }
        }
        drains.audit(
                AuditAction.ROLLING_DRAIN,
                String.join(",", agents),
                stopped == null ? "completed" : "stopped",
                stopped,
                drains.operator().id());
        return new Result(steps, List.copyOf(pending), stopped);
    }

    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    /** Cancels the drains under way (nothing stopped) and starts no other. */
    public void cancel() {
        List<String> agentsUnderWay;
        synchronized (this) {
            cancelled = true;
            agentsUnderWay = List.copyOf(underWay.keySet());
            notifyAll();
        }
        for (String agent : agentsUnderWay) {
            try {
                drains.cancel(agent);
            } catch (DrainException e) {
                log.accept(agent + ": could not cancel: " + e.getMessage());
            }
        }
    }

    private Step rotate(String agent) {
        try {
            Drain d = drains.drain(agent, options, reason);
            DrainRecord r = d.finished().get();
            if (r.phase() == DrainPhase.ENABLED) {
                return new Step(agent, "cancelled", r.detail());
            }
            if (r.phase() != DrainPhase.DRAINED) {
                return new Step(agent, "failed", r.phase().label() + (r.detail() == null ? "" : ": " + r.detail()));
            }
            drains.enable(agent);
            return awaitHealthy(agent);
        } catch (DrainException e) {
            return new Step(agent, "failed", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Step(agent, "failed", "interrupted");
        } catch (ExecutionException e) {
            return new Step(agent, "failed", String.valueOf(e.getCause()));
        }
    }

    private Step awaitHealthy(String agent) throws InterruptedException {
        AgentMonitor m = fleet.agent(agent);
        long until = System.nanoTime() + healthyTimeout.toNanos();
        AgentSnapshot s = m.refresh();
        while (!(s.online() && s.state() == AgentState.ENABLED)) {
            if (System.nanoTime() > until) {
                return new Step(
                        agent,
                        "failed",
                        "enabled but not healthy within " + healthyTimeout.toSeconds() + " s"
                                + (s.error() == null ? "" : ": " + s.error()));
            }
            Thread.sleep(500);
            s = m.refresh();
        }
        return new Step(agent, "ok", "drained, maintained, enabled and answering");
    }
}
