package dev.fleetdeck.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared record of alerts: which are firing, what is still to be delivered where, what was
 * delivered and resolved lately, and who evaluated last. Kept in the store (a file of this machine,
 * or Redis), so an evaluator that restarts, or another one that takes over, neither fires an alert
 * again nor forgets a delivery that had not gone through.
 */
public record AlertBook(
        Map<String, Active> active,
        List<Delivery> pending,
        List<Delivered> delivered,
        List<Resolved> resolved,
        Instant evaluatedAt,
        String evaluatedBy) {
    /** Enough history for the window's list and {@code fleetdeck alerts}; older entries drop off. */
    static final int HISTORY = 200;

    public AlertBook {
        // In firing order, so resolutions and the lists people read come in that order too.
        active = active == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(active));
        pending = pending == null ? List.of() : List.copyOf(pending);
        delivered = delivered == null ? List.of() : List.copyOf(delivered);
        resolved = resolved == null ? List.of() : List.copyOf(resolved);
    }

    public static AlertBook empty() {
        return new AlertBook(Map.of(), List.of(), List.of(), List.of(), null, null);
    }

    /** A firing alert and since when. */
    public record Active(Alert alert, Instant since) {}

    /** A resolved alert, kept a while so people see what happened. */
    public record Resolved(Alert alert, Instant since, Instant resolvedAt) {}

    /**
     * One change still to reach one sink. {@code id} is the same at every attempt (and in the body),
     * so a receiver can tell a retry from a new alert.
     */
    public record Delivery(
            String id, String sink, AlertChange change, int attempts, Instant nextAttemptAt, String lastError) {
        Delivery failed(String error, Instant next) {
            return new Delivery(id, sink, change, attempts + 1, next, error);
        }
    }

    /** A delivery that went through. */
    public record Delivered(String id, String sink, String key, String status, Instant at, int attempts) {}

    /** The book after one evaluation, and the changes it made. */
    public record Evaluation(AlertBook book, List<AlertChange> changes) {}

    /**
     * Compares the alerts that hold now with the firing ones: new keys fire, missing keys resolve,
     * and each change is queued once for every sink. A firing alert whose figures moved keeps its
     * key and start and takes the new figures without firing again.
     */
    public Evaluation evaluate(List<Alert> now, Instant at, String by, List<String> sinks) {
        Map<String, Active> nextActive = new LinkedHashMap<>();
        List<AlertChange> changes = new ArrayList<>();
        for (Alert a : now) {
            Active was = active.get(a.key());
            if (was == null) {
                nextActive.put(a.key(), new Active(a, at));
                changes.add(new AlertChange(a, AlertChange.Status.FIRING, at, at));
            } else {
                nextActive.put(a.key(), new Active(a, was.since()));
            }
        }
        List<Resolved> nextResolved = new ArrayList<>(resolved);
        for (Active was : active.values()) {
            if (!nextActive.containsKey(was.alert().key())) {
                changes.add(new AlertChange(was.alert(), AlertChange.Status.RESOLVED, was.since(), at));
                nextResolved.add(new Resolved(was.alert(), was.since(), at));
            }
        }
        List<Delivery> nextPending = new ArrayList<>(pending);
        for (AlertChange c : changes) {
            for (String sink : sinks) {
                String id = c.alert().key() + "@" + c.since().toEpochMilli() + "/"
                        + c.status().json() + "/" + sink;
                nextPending.add(new Delivery(id, sink, c, 0, at, null));
            }
        }
        AlertBook next = new AlertBook(nextActive, nextPending, delivered, tail(nextResolved), at, by);
        return new Evaluation(next, changes);
    }

    /** The book with {@code d} replaced by its outcome: delivered (moved to history) or failed (retried later). */
    public AlertBook withOutcome(Delivery d, boolean ok, String error, Instant at, Instant nextAttempt) {
        List<Delivery> nextPending = new ArrayList<>();
        boolean found = false;
        for (Delivery p : pending) {
            if (p.id().equals(d.id())) {
                found = true;
                if (!ok) {
                    nextPending.add(p.failed(error, nextAttempt));
                }
            } else {
                nextPending.add(p);
            }
        }
        if (!found) {
            return this; // another evaluator settled it meanwhile
        }
        List<Delivered> nextDelivered = new ArrayList<>(delivered);
        if (ok) {
            nextDelivered.add(new Delivered(
                    d.id(),
                    d.sink(),
                    d.change().alert().key(),
                    d.change().status().json(),
                    at,
                    d.attempts() + 1));
        }
        return new AlertBook(active, nextPending, tail(nextDelivered), resolved, evaluatedAt, evaluatedBy);
    }

    private static <T> List<T> tail(List<T> list) {
        return list.size() <= HISTORY ? list : list.subList(list.size() - HISTORY, list.size());
    }
}
