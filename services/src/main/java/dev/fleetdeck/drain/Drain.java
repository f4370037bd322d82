package dev.fleetdeck.drain;

import dev.fleetdeck.config.DurationText;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.ContainerEvent;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionLabels;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One agent's drain, run by this console while it holds the agent's lease. Each step lists the
 * agent's sessions, records those that ended, acts on the deadline, and stores the record
 * before telling listeners: what listeners saw is what a resumed drain starts from. Steps run
 * on container events of the agent (a session ending is seen at once), on fleet snapshots and
 * on a tick (deadline); never two at a time. The lease is kept by a {@link LeaseKeeper} on its own
 * schedule, so a long step (stops, the maintenance hook) never lets it lapse; a drain whose lease
 * is lost stops acting and stores nothing more: the new holder owns the record.
 */
public final class Drain {
    private final DrainService service;
    private final String agent;
    private final AgentEngine engine;
    private final CompletableFuture<DrainRecord> finished = new CompletableFuture<>();
    private final AtomicBoolean stepping = new AtomicBoolean();
    private final Object marks = new Object();
    private volatile boolean dirty;
    private volatile boolean closed;
    private boolean inStep;
    private boolean again;
    private volatile DrainRecord record;
    private volatile DrainProgress progress;
    private final LeaseKeeper keeper;
    private ScheduledFuture<?> ticking;
    private AutoCloseable events;
    private final Consumer<FleetSnapshot> onSnapshot = s -> wake();
    /** Notices sent and not yet back ("container\npoint"): each is sent once. */
    private final Set<String> sending = ConcurrentHashMap.newKeySet();

    private final Queue<Told> told = new ConcurrentLinkedQueue<>();
    /** This drain's notices: a few at a time on the shared workers. */
    private final DrainLanes lanes;
    /** Notices of one drain in flight at once: a notice command may hold its thread for 10 s. */
    private static final int NOTICE_LANES = 8;
    /** A notifier returns within its own limit (10 s by default); this is how long a finishing drain waits. */
    private static final Duration NOTICES_BACK_WITHIN = Duration.ofSeconds(15);

    Drain(DrainService service, DrainRecord record, AgentEngine engine) {
        this.service = service;
        this.agent = record.agent();
        this.record = record;
        this.engine = engine;
        this.keeper = new LeaseKeeper(
                service.lease(), agent, service.owner(), service.timing().leaseTtl(), service.clock(), this::leaseLost);
        this.lanes = new DrainLanes(service.workers(), NOTICE_LANES);
    }

    public String agent() {
        return agent;
    }

    /** The latest stored state. */
    public DrainRecord record() {
        return record;
    }

    /** The latest progress, {@code null} before the first step. */
    public DrainProgress progress() {
        return progress;
    }

    /** Completes with the final record: drained (and maybe enabled), failed or cancelled. */
    public CompletableFuture<DrainRecord> finished() {
        return finished;
    }

    /**
     * Starts keeping the lease and, on the service's workers, watching: events of the agent, fleet
     * snapshots, the tick; then a first step. Nothing runs on the caller's thread (a UI worker, or
     * main before the window opens): subscribing to an engine may wait for it.
     */
    void start() {
        keeper.start(service.scheduler(), service.workers(), service.timing().renewEvery());
        service.workers().execute(this::watch);
    }

    private synchronized void watch() {
        if (closed) {
            return;
        }
        try {
            events = engine.events(this::onEvent);
        } catch (AgentEngine.EngineException e) {
            // Without events the tick and the snapshots still see sessions end, only later.
            events = null;
        }
        service.fleet().addListener(onSnapshot);
        Duration tick = service.timing().tick();
        ticking = service.scheduler()
                .scheduleWithFixedDelay(this::wake, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        stepNow();
    }

    private void onEvent(ContainerEvent e) {
        String action = e.action();
        if (e.attributes().containsKey(SessionLabels.SESSION)
                && (action.equals("die")
                        || action.equals("stop")
                        || action.equals("destroy")
                        || action.equals("kill")
                        || action.equals("start"))) {
            wake();
        }
    }

    /** Asks for a step soon, on the service's workers; steps requested during a step run after it. */
    void wake() {
        dirty = true;
        if (!closed && stepping.compareAndSet(false, true)) {
            service.workers().execute(this::runSteps);
        }
    }

    private void runSteps() {
        try {
            while (dirty && !closed) {
                dirty = false;
                stepNow();
            }
        } finally {
            stepping.set(false);
        }
        if (dirty && !closed) {
            wake();
        }
    }

    /** One step, on the caller's thread. */
    synchronized void stepNow() {
        if (inStep) {
            // Woken from inside a step (an engine that fires events on the caller's thread): the
            // step under way finishes first, else a session it is stopping looks ended by its user.
            again = true;
            return;
        }
        inStep = true;
        try {
            do {
                again = false;
                stepOnce();
            } while (again && !closed);
        } finally {
            inStep = false;
        }
    }

    private void stepOnce() {
        if (closed) {
            return;
        }
        Instant now = service.clock().instant();
        if (!keeper.renewIfDue()) {
            return;
        }
        switch (record.phase()) {
            case DRAINING, STOPPING -> watchSessions(now);
            default -> {}
        }
    }

    /**
     * The keeper found the lease gone: another console runs the drain now, or will. Not under the
     * drain's monitor, which a step waiting for the hook holds: the step sees it and stores nothing.
     */
    private void leaseLost(String why) {
        stopWatching();
        DrainRecord last =
                record.withPhase(record.phase(), service.clock().instant(), why + ": this console stopped watching");
        publish(last);
        finished.complete(last);
        service.forget(this);
    }

    private void watchSessions(Instant now) {
        List<Session> live;
        try {
            live = sessionsOnAgent();
        } catch (AgentEngine.EngineException e) {
            publish(record.withPhase(record.phase(), now, "agent not answering, will retry: " + e.getMessage()));
            return;
        }
        DrainRecord next = reconcile(withTold(record), live, now);
        sendDueNotices(next, now);
        if (next.running().isEmpty()) {
            save(next);
            drained(now);
            return;
        }
        if (next.deadlineAt() != null && !now.isBefore(next.deadlineAt())) {
            if (next.options().atDeadline() == AtDeadline.STOP) {
                if (next.phase() != DrainPhase.STOPPING) {
                    next = next.withPhase(
                            DrainPhase.STOPPING,
                            now,
                            "deadline reached: stopping " + next.running().size() + " session(s), grace "
                                    + DurationText.format(next.options().grace()));
                    // The entry before the record that says it happened: a console killed between
                    // the two repeats the entry when the next one resumes, instead of losing it.
                    service.audit(AuditAction.STOP, agent, "ok", next.detail(), next.owner());
                    save(next);
                }
                if (!next.equals(record)) {
                    save(next);
                }
                stopRemaining(live);
                return;
            }
            if (!next.overdue()) {
                next = next.withOverdue(
                        now, "deadline passed with " + next.running().size() + " session(s) left: still waiting");
                service.audit(AuditAction.DRAIN, agent, "overdue", next.detail(), next.owner());
            }
        }
        if (!next.equals(record)) {
            save(next);
        }
        publish(record);
    }

    /**
     * Sends the notices now due to the sessions still running, each on the service's workers (a
     * command may take its whole time limit; a step does not wait for it): a session's first notice
     * when the drain first sees it, then the latest point before the deadline that has passed (a
     * point that passed before the session's first notice is left out: that notice said how long
     * is left). What was told comes back through {@link #told} and into the record at the next
     * step. The stop notice is sent by {@link #stopOne}, before its stop.
     */
    private void sendDueNotices(DrainRecord r, Instant now) {
        if (r.options() == null) {
            return;
        }
        for (DrainedSession d : r.running()) {
            String point = duePoint(r, d, now);
            if (point == null || !sending.add(d.containerId() + "\n" + point)) {
                continue;
            }
            String text = NoticeText.of(r, point, now);
            lanes.execute(() -> {
                told.add(new Told(d.containerId(), service.notifier().tell(engine, d, point, text)));
                wake();
            });
        }
    }

    /** The notices told since the last step, into the record (the first step after they came back stores them). */
    private DrainRecord withTold(DrainRecord r) {
        DrainRecord out = r;
        for (Told t; (t = told.poll()) != null; ) {
            sending.remove(t.containerId() + "\n" + t.notice().point());
            for (DrainedSession d : out.sessions()) {
                if (d.containerId().equals(t.containerId())
                        && !d.noticed(t.notice().point())) {
                    out = out.withSession(
                            d.withNotice(t.notice()), service.clock().instant());
                }
            }
        }
        return out;
    }

    /**
     * Before the final record: the notices still out come back within their time limit, so the
     * record says what every user was told (a session that ended meanwhile was told all the same).
     */
    private void awaitNotices() {
        long until = System.nanoTime() + NOTICES_BACK_WITHIN.toNanos();
        while (sending.size() > told.size() && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A notice that came back, for the session of this container. */
    private record Told(String containerId, SessionNotice notice) {}

    /** The notice due to one session now, or null. */
    static String duePoint(DrainRecord r, DrainedSession d, Instant now) {
        boolean pastDeadline = r.deadlineAt() != null && !now.isBefore(r.deadlineAt());
        if (!d.noticed(SessionNotice.START)) {
            // A session first seen at a stopping deadline hears only the stop notice, sent with its stop.
            return pastDeadline && r.options().atDeadline() == AtDeadline.STOP ? null : SessionNotice.START;
        }
        if (r.deadlineAt() == null || pastDeadline) {
            return null; // past the deadline only the stop notice is left, sent with the stop
        }
        Instant firstTold = d.notices().get(0).at();
        List<Duration> before = r.options().noticesBefore();
        // The smallest time left that has passed is the one to tell; larger ones passed are history.
        for (int i = before.size() - 1; i >= 0; i--) {
            Instant at = r.deadlineAt().minus(before.get(i));
            if (!now.isBefore(at)) {
                String point = SessionNotice.before(before.get(i));
                return d.noticed(point) || !at.isAfter(firstTold) ? null : point;
            }
        }
        return null;
    }

    /** Adds sessions not seen before, marks those gone as ended by their users. */
    static DrainRecord reconcile(DrainRecord r, List<Session> live, Instant now) {
        Map<String, Session> byContainer = new HashMap<>();
        live.forEach(s -> byContainer.put(s.containerId(), s));
        List<DrainedSession> next = new ArrayList<>();
        boolean changed = false;
        Set<String> known = new HashSet<>();
        for (DrainedSession d : r.sessions()) {
            known.add(d.containerId());
            if (d.running() && !byContainer.containsKey(d.containerId())) {
                next.add(d.endedAt(now, DrainedSession.EndedBy.USER));
                changed = true;
            } else {
                next.add(d);
            }
        }
        for (Session s : live) {
            if (!known.contains(s.containerId())) {
                // launched just before the cordon took effect: it is drained like the others
                next.add(DrainedSession.of(s));
                changed = true;
            }
        }
        return changed ? r.withSessions(next, now) : r;
    }

    private List<Session> sessionsOnAgent() throws AgentEngine.EngineException {
        List<Session> list = new ArrayList<>();
        for (ContainerSummary c : engine.listContainers(false)) {
            Session s = Session.fromContainer(agent, c, 0, 0);
            if (s != null) {
                list.add(s);
            }
        }
        return list;
    }

    /** Stops every session still running, in parallel; each is marked ended by the drain once stopped. */
    private void stopRemaining(List<Session> live) {
        Map<String, Session> byContainer = new HashMap<>();
        live.forEach(s -> byContainer.put(s.containerId(), s));
        Duration grace = record.options().grace();
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (DrainedSession d : record.running()) {
            Session s = byContainer.get(d.containerId());
            // All at once, not in the drain's lanes: at the deadline every session stops within its grace.
            stops.add(CompletableFuture.runAsync(() -> stopOne(d, s, grace), service.workers()));
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        List<Session> after;
        try {
            after = sessionsOnAgent();
        } catch (AgentEngine.EngineException e) {
            publish(record.withPhase(
                    record.phase(), service.clock().instant(), "agent not answering, will retry: " + e.getMessage()));
            return;
        }
        DrainRecord next = reconcile(record, after, service.clock().instant());
        save(next);
        if (next.running().isEmpty()) {
            drained(service.clock().instant());
        } else {
            publish(record);
        }
    }

    private void stopOne(DrainedSession session, Session s, Duration grace) {
        DrainedSession d = session;
        if (s != null && !d.noticed(SessionNotice.STOP)) {
            Instant now = service.clock().instant();
            d = d.withNotice(service.notifier()
                    .tell(engine, d, SessionNotice.STOP, NoticeText.of(record, SessionNotice.STOP, now)));
            synchronized (marks) {
                save(record.withSession(d, service.clock().instant()));
            }
        }
        try {
            engine.stop(d.containerId(), grace);
            // The step waiting for this stop holds the drain's monitor: marks take their own lock.
            synchronized (marks) {
                // saved at once: a console killed now must not stop (or count) it again
                save(record.withSession(
                        d.endedAt(service.clock().instant(), DrainedSession.EndedBy.DRAIN),
                        service.clock().instant()));
            }
        } catch (AgentEngine.EngineException e) {
            if (!e.containerGone()) {
                service.problem(agent + ": could not stop session " + d.sessionId() + ": " + e.getMessage());
            }
            // gone or not: the next listing tells which
        }
    }

    private void drained(Instant now) {
        awaitNotices();
        DrainRecord r = withTold(record);
        String summary = r.sessions().size() + " session(s): " + r.endedBy(DrainedSession.EndedBy.USER)
                + " ended by users, " + r.endedBy(DrainedSession.EndedBy.DRAIN) + " stopped by the drain";
        service.keepAdmin(agent, AgentState.DRAINED, r.owner()); // out until an operator enables it
        service.audit(AuditAction.DRAIN, agent, "drained", summary, r.owner()); // before the record, as STOP
        save(r.withPhase(DrainPhase.DRAINED, now, summary));
        publish(record);
        List<String> hook = r.options() == null ? List.of() : r.options().hook();
        if (!hook.isEmpty()) {
            runHook(hook);
        }
        finish();
    }

    private void runHook(List<String> command) {
        Instant now = service.clock().instant();
        save(record.withPhase(DrainPhase.MAINTENANCE, now, "running " + String.join(" ", command)));
        publish(record);
        MaintenanceHook.Result result;
        try {
            result = service.hook().run(command, agent, record.options().hookLimit());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new MaintenanceHook.Result(-1, false, "interrupted", Duration.ZERO);
        }
        if (!keeper.held()) {
            return; // the new holder of the lease decides what an interrupted hook means
        }
        now = service.clock().instant();
        String what = result.timedOut()
                ? "killed after " + DurationText.format(record.options().hookLimit())
                : "exit " + result.exitCode();
        String detail = what + (result.lastLine().isEmpty() ? "" : ": " + result.lastLine());
        service.audit(AuditAction.HOOK, agent, result.succeeded() ? "ok" : "failed", detail, record.owner());
        if (!result.succeeded()) {
            save(record.withPhase(DrainPhase.FAILED, now, "maintenance hook " + detail));
        } else if (record.options().reenableAfterHook()) {
            service.keepAdmin(agent, AgentState.ENABLED, record.owner());
            service.audit(AuditAction.ENABLE, agent, "ok", "after the maintenance hook", record.owner());
            save(record.withPhase(DrainPhase.ENABLED, now, "maintenance hook " + detail + "; enabled again"));
        } else {
            save(record.withPhase(
                    DrainPhase.DRAINED, now, "maintenance hook " + detail + "; waiting for an operator to enable"));
        }
        publish(record);
    }

    /** Cancels: the agent takes sessions again, nothing is stopped. */
    synchronized void cancel(String operator) {
        Instant now = service.clock().instant();
        stopWatching();
        service.keepAdmin(agent, AgentState.ENABLED, operator);
        save(record.withPhase(
                DrainPhase.ENABLED,
                now,
                "cancelled by " + operator + "; " + record.running().size() + " session(s) keep running"));
        publish(record);
        service.lease().release(agent, service.owner());
        finished.complete(record);
        service.forget(this);
    }

    private void finish() {
        stopWatching();
        service.lease().release(agent, service.owner());
        // Forgotten before its future completes: whoever waits for it (a rolling drain enabling the
        // agent next) must find it no longer running.
        service.forget(this);
        finished.complete(record);
    }

    /** Stops reacting without touching the stored state: what a console closing mid-drain does. */
    void stopWatching() {
        closed = true;
        keeper.close();
        if (ticking != null) {
            ticking.cancel(false);
        }
        service.fleet().removeListener(onSnapshot);
        if (events != null) {
            try {
                events.close();
            } catch (Exception ignored) {
                // the subscription ends with the engine anyway
            }
        }
    }

    private void save(DrainRecord next) {
        if (!keeper.held()) {
            return; // another console holds the agent: its record, not ours
        }
        record = next;
        try {
            service.store().save(next);
        } catch (IOException e) {
            // The drain goes on; a restart would resume from the last record that was stored.
            service.problem(agent + ": " + e.getMessage());
        }
    }

    private void publish(DrainRecord r) {
        progress = DrainService.progressOf(r, service.clock().instant());
        service.publish(progress);
    }
}
