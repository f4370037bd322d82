package dev.fleetdeck.alert;

import dev.fleetdeck.drain.Lease;
import dev.fleetdeck.store.LockedFile;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Evaluates the alert rules on a schedule and delivers what changed, in one process of the fleet
 * at a time: whoever holds the {@value #LEASE} lease (a keeper, or a window when no keeper runs).
 * The book is shared, so a process that takes over knows what already fired and what still waits
 * to be delivered. Deliveries that fail stay in the book and are retried with backoff (1 s, 2 s,
 * 4 s … at most 5 min) until they go through; changes of one alert reach a sink in order.
 */
public final class AlertWatch implements AutoCloseable {
    /** The lease's name; not an agent name (those have no '@'). */
    public static final String LEASE = "@alerts";

    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    static final Duration REASSERT_EVERY = Duration.ofMinutes(1);

    private final AlertRules rules;
    private final Supplier<FleetFacts> facts;
    private final AlertStore store;
    private final Map<String, AlertSink> sinks = new LinkedHashMap<>();
    private final Lease lease;
    private final String owner;
    private final Duration leaseTtl;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Consumer<String> lines;
    private final Consumer<AlertBook> books;
    private ScheduledFuture<?> task;
    private boolean holding;
    private Instant lastReassert = Instant.EPOCH;
    private String lastProblem;

    /**
     * @param lines where each action is told ("alert firing: …"), one line each
     */
    public AlertWatch(
            AlertRules rules,
            Supplier<FleetFacts> facts,
            AlertStore store,
            List<AlertSink> sinks,
            Lease lease,
            String owner,
            Duration leaseTtl,
            ScheduledExecutorService scheduler,
            Clock clock,
            Consumer<String> lines) {
        this(rules, facts, store, sinks, lease, owner, leaseTtl, scheduler, clock, lines, book -> {});
    }

    /**
     * @param books gets the book as it stands after every turn, evaluated here or not (a window's
     *              list of alerts follows the fleet's evaluator this way)
     */
    public AlertWatch(
            AlertRules rules,
            Supplier<FleetFacts> facts,
            AlertStore store,
            List<AlertSink> sinks,
            Lease lease,
            String owner,
            Duration leaseTtl,
            ScheduledExecutorService scheduler,
            Clock clock,
            Consumer<String> lines,
            Consumer<AlertBook> books) {
        this.books = books;
        this.rules = rules;
        this.facts = facts;
        this.store = store;
        sinks.forEach(s -> this.sinks.put(s.name(), s));
        this.lease = lease;
        this.owner = owner;
        this.leaseTtl = leaseTtl;
        this.scheduler = scheduler;
        this.clock = clock;
        this.lines = lines;
    }

    public synchronized void start(Duration every) {
        if (task == null) {
            task = scheduler.scheduleWithFixedDelay(this::tickQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException | IOException e) {
            problem("alerts: " + e.getMessage());
        }
    }

    /** One evaluation and delivery round; only reads the book unless this process holds the lease. */
    public synchronized void tick() throws IOException {
        if (!holdLease()) {
            books.accept(store.read());
            return;
        }
        List<Alert> holding = rules.evaluate(facts.get());
        Instant now = clock.instant();
        AlertBook.Evaluation ev = store.change(book -> {
            // A fence in the book itself, checked in the same atomic change as the write: a process
            // that stalled past its lease (a long GC, a loaded machine) and still believes it holds
            // it must not write over a live evaluator's book with figures read before the stall.
            if (book.evaluatedBy() != null
                    && !owner.equals(book.evaluatedBy())
                    && book.evaluatedAt() != null
                    && book.evaluatedAt().plus(leaseTtl).isAfter(now)) {
                return new LockedFile.Outcome<>(book, null);
            }
            AlertBook.Evaluation e = book.evaluate(holding, now, owner, List.copyOf(sinks.keySet()));
            return new LockedFile.Outcome<>(e.book(), e);
        });
        if (ev == null) {
            AlertBook book = store.read();
            problem("alerts: " + book.evaluatedBy() + " evaluated within the lease period; this process waits");
            books.accept(book);
            return;
        }
        for (AlertChange c : ev.changes()) {
            lines.accept(
                    "alert " + c.status().json() + ": " + c.alert().severity().label() + " "
                            + c.alert().key() + " — " + c.alert().summary());
        }
        deliverDue(now);
        if (Duration.between(lastReassert, now).compareTo(REASSERT_EVERY) >= 0) {
            lastReassert = now;
            reassert(ev.book(), now);
        }
        lastProblem = null;
        books.accept(store.read());
    }

    private boolean holdLease() {
        boolean held;
        if (holding) {
            Lease.Renewal r = lease.renew(LEASE, owner, leaseTtl);
            if (r == Lease.Renewal.UNREACHABLE) {
                return false; // the store cannot say (Redis failing over): skip this turn, keep the lease
            }
            held = r == Lease.Renewal.HELD;
        } else {
            held = lease.acquire(LEASE, owner, leaseTtl).granted();
        }
        if (held != holding) {
            lines.accept(
                    held
                            ? "alerts: this process evaluates the alert rules"
                            : "alerts: " + lease.holder(LEASE).orElse("another process")
                                    + " evaluates the alert rules now");
        }
        holding = held;
        return held;
    }

    private void deliverDue(Instant now) throws IOException {
        AlertBook book = store.read();
        // One alert's changes reach a sink in order: a resolution never overtakes its firing.
        Set<String> blocked = new HashSet<>();
        for (AlertBook.Delivery d : book.pending()) {
            String lane = d.sink() + "|" + d.change().alert().key();
            if (blocked.contains(lane)) {
                continue;
            }
            if (d.nextAttemptAt() != null && d.nextAttemptAt().isAfter(now)) {
                blocked.add(lane);
                continue;
            }
            AlertSink sink = sinks.get(d.sink());
            if (sink == null) {
                // The configuration no longer names it: kept, and said, rather than dropped.
                blocked.add(lane);
                problem("alerts: " + d.sink() + " is no longer configured; "
                        + d.change().alert().key() + " waits for it in " + store.describe());
                continue;
            }
            try {
                sink.deliver(d.change(), d.id());
                store.change(b -> new LockedFile.Outcome<>(b.withOutcome(d, true, null, now, null), null));
                lines.accept("alert delivered: " + d.change().alert().key() + " "
                        + d.change().status().json() + " to " + d.sink());
            } catch (IOException e) {
                blocked.add(lane);
                Duration wait = backoff(d.attempts() + 1);
                store.change(b ->
                        new LockedFile.Outcome<>(b.withOutcome(d, false, e.getMessage(), now, now.plus(wait)), null));
                lines.accept(
                        "alert delivery failed: " + d.change().alert().key() + " to " + d.sink() + ": " + e.getMessage()
                                + " — retry in " + wait.toSeconds() + " s (attempt " + (d.attempts() + 1) + ")");
            }
        }
    }

    private void reassert(AlertBook book, Instant now) {
        for (AlertSink s : sinks.values()) {
            try {
                s.reassert(book.active().values(), now);
            } catch (IOException e) {
                problem("alerts: " + s.name() + ": " + e.getMessage());
            }
        }
    }

    static Duration backoff(int attempts) {
        long seconds = 1L << Math.min(Math.max(attempts - 1, 0), 9);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    /** A problem is told once until it changes, not at every evaluation. */
    private void problem(String text) {
        if (!text.equals(lastProblem)) {
            lastProblem = text;
            lines.accept(text);
        }
    }

    public synchronized boolean evaluating() {
        return holding;
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        if (holding) {
            lease.release(LEASE, owner);
            holding = false;
        }
    }
}
