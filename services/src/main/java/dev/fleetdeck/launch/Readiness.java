package dev.fleetdeck.launch;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.ContainerEvent;
import dev.fleetdeck.fleet.ContainerState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Phase 4 of a launch: waits until the session is ready — healthy if its image has a healthcheck,
 * else running. Docker events answer within milliseconds; status checks (inspect) with the
 * startup guide's backoff 500, 1000, 2000, 3000, 3000 … ms are the fallback when an event is
 * missed or the event stream is down. A container that dies or turns unhealthy fails the launch.
 */
public final class Readiness {
    static final long[] BACKOFF_MS = {500, 1000, 2000, 3000};
    /**
     * Status checks in a row that may go unanswered before the launch gives up on the agent. One
     * miss is a busy engine; three (3.5 s at the least, with the backoff) is an engine that is
     * gone. An engine killed mid-launch kept its sessions waiting for the whole ready timeout
     * (60 s and more) and then reported "not ready", as if the workspace were slow.
     */
    static final int MAX_MISSED_CHECKS = 3;

    private final LongSupplier nanoTime;

    public Readiness(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** What happened while waiting. Offsets are from {@code t0}. */
    public record Result(
            boolean ready, String error, String source, List<Long> checkOffsetsNanos, long checkNanosTotal) {}

    /** The events of one container, collected from the moment of subscription. */
    public static final class EventQueue implements Consumer<ContainerEvent> {
        private final String sessionLabel;
        private final String sessionId;
        private final BlockingQueue<ContainerEvent> events = new LinkedBlockingQueue<>();

        public EventQueue(String sessionLabel, String sessionId) {
            this.sessionLabel = sessionLabel;
            this.sessionId = sessionId;
        }

        @Override
        public void accept(ContainerEvent e) {
            // Docker puts the container's labels into the event's attributes: we know our session
            // by its label before we know its container id.
            if (sessionId.equals(e.attributes().get(sessionLabel))) {
                events.add(e);
            }
        }

        ContainerEvent poll(long nanos) throws InterruptedException {
            return events.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * @param events  the session's events, or {@code null} when no event stream could be had
     * @param t0      the launch's start (nanoTime), for offsets
     */
    public Result await(AgentEngine engine, String containerId, EventQueue events, long timeoutNanos, long t0)
            throws InterruptedException {
        long deadline = nanoTime.getAsLong() + timeoutNanos;
        List<Long> checks = new ArrayList<>();
        long checkNanos = 0;
        int backoff = 0;
        boolean hasHealthcheck;

        // The first status check right away: is there a healthcheck at all, are we there yet?
        long c0 = nanoTime.getAsLong();
        checks.add(c0 - t0);
        Verdict v;
        try {
            ContainerState s = engine.inspect(containerId);
            hasHealthcheck = s.health() != null;
            v = verdict(s);
        } catch (AgentEngine.EngineException e) {
            return new Result(false, e.getMessage(), "polling", checks, nanoTime.getAsLong() - c0);
        }
        checkNanos += nanoTime.getAsLong() - c0;
        if (v != Verdict.WAIT) {
            return result(v, containerId, "polling", checks, checkNanos);
        }

        long nextCheck = nanoTime.getAsLong() + BACKOFF_MS[0] * 1_000_000L;
        int missed = 0;
        while (true) {
            long now = nanoTime.getAsLong();
            if (now >= deadline) {
                return new Result(
                        false,
                        "not ready within " + timeoutNanos / 1_000_000_000L + " s",
                        "timeout",
                        checks,
                        checkNanos);
            }
            long wait = Math.min(deadline, nextCheck) - now;
            ContainerEvent e = events == null ? sleep(wait) : events.poll(wait);
            if (e != null) {
                Verdict ev = verdict(e, hasHealthcheck);
                if (ev != Verdict.WAIT) {
                    return result(ev, containerId, "events", checks, checkNanos);
                }
                continue;
            }
            if (nanoTime.getAsLong() >= nextCheck) {
                long c = nanoTime.getAsLong();
                checks.add(c - t0);
                try {
                    v = verdict(engine.inspect(containerId));
                    missed = 0;
                } catch (AgentEngine.EngineException ex) {
                    // A missed status check is not a failed launch; the next one may answer.
                    v = Verdict.WAIT;
                    if (++missed >= MAX_MISSED_CHECKS) {
                        return new Result(
                                false,
                                "no answer to " + missed + " status checks in a row while waiting"
                                        + " for readiness; last: " + ex.getMessage(),
                                "polling",
                                checks,
                                checkNanos + nanoTime.getAsLong() - c);
                    }
                }
                checkNanos += nanoTime.getAsLong() - c;
                if (v != Verdict.WAIT) {
                    return result(v, containerId, "polling", checks, checkNanos);
                }
                backoff = Math.min(backoff + 1, BACKOFF_MS.length - 1);
                nextCheck = nanoTime.getAsLong() + BACKOFF_MS[backoff] * 1_000_000L;
            }
        }
    }

    private static ContainerEvent sleep(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos));
        return null;
    }

    private enum Verdict {
        READY,
        DIED,
        UNHEALTHY,
        WAIT
    }

    private static Verdict verdict(ContainerState s) {
        if (!s.running()) {
            return "created".equals(s.status()) || "restarting".equals(s.status()) ? Verdict.WAIT : Verdict.DIED;
        }
        if (s.health() == null || "healthy".equals(s.health())) {
            return Verdict.READY;
        }
        return "unhealthy".equals(s.health()) ? Verdict.UNHEALTHY : Verdict.WAIT;
    }

    private static Verdict verdict(ContainerEvent e, boolean hasHealthcheck) {
        String health = e.healthStatus();
        if (health != null) {
            return "healthy".equals(health)
                    ? Verdict.READY
                    : "unhealthy".equals(health) ? Verdict.UNHEALTHY : Verdict.WAIT;
        }
        return switch (e.action()) {
            case "die", "destroy", "oom" -> Verdict.DIED;
            case "start" -> hasHealthcheck ? Verdict.WAIT : Verdict.READY;
            default -> Verdict.WAIT;
        };
    }

    private static Result result(Verdict v, String containerId, String source, List<Long> checks, long checkNanos) {
        String shortId = containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
        return switch (v) {
            case READY -> new Result(true, null, source, checks, checkNanos);
            case DIED ->
                new Result(false, "container " + shortId + " stopped before it was ready", source, checks, checkNanos);
            case UNHEALTHY ->
                new Result(false, "container " + shortId + " turned unhealthy", source, checks, checkNanos);
            case WAIT -> throw new IllegalStateException("not a final verdict");
        };
    }
}
