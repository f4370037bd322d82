package dev.fleetdeck.drain;

import dev.fleetdeck.config.DurationText;
import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.FleetMonitor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Cordons, drains, cancels and enables agents for one console. State goes to the
 * {@link DrainStore} before anyone is told, each drain runs only under the agent's
 * {@link Lease}, and every operator action goes to the {@link AuditLog}. Listeners get a
 * {@link DrainProgress} after every change of every drain this console runs.
 */
public final class DrainService implements AutoCloseable {

    /**
     * @param tick       how often a drain looks without being woken (deadline)
     * @param leaseTtl   how long a lease outlives a console that stopped renewing it
     * @param renewEvery how often a running drain renews its lease, in real time, whatever its
     *                   step is doing (stops, the maintenance hook)
     */
    public record Timing(Duration tick, Duration leaseTtl, Duration renewEvery) {
        public Timing(Duration tick, Duration leaseTtl) {
            this(tick, leaseTtl, leaseTtl.dividedBy(3));
        }

        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
    }

    private final FleetMonitor fleet;
    private final AdminStates admin;
    private final DrainStore store;
    private final Lease lease;
    private final AuditLog audit;
    private final DrainNotifier notifier;
    private final MaintenanceHook hook;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final Clock clock;
    private final Operator operator;
    private final Timing timing;
    private final Consumer<String> problems;
    private final Map<String, Drain> running = new ConcurrentHashMap<>();
    private final List<Consumer<DrainProgress>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param workers runs steps and parallel stops; must not be a small fixed pool (a step waits
     *                for the stops it started)
     */
    public DrainService(
            FleetMonitor fleet,
            AdminStates admin,
            DrainStore store,
            Lease lease,
            AuditLog audit,
            DrainNotifier notifier,
            MaintenanceHook hook,
            ScheduledExecutorService scheduler,
            Executor workers,
            Clock clock,
            Operator operator,
            Timing timing,
            Consumer<String> problems) {
        this.fleet = fleet;
        this.admin = admin;
        this.store = store;
        this.lease = lease;
        this.audit = audit;
        this.notifier = notifier;
        this.hook = hook;
        this.scheduler = scheduler;
        this.workers = workers;
        this.clock = clock;
        this.operator = operator;
        this.timing = timing;
        this.problems = problems;
    }

    public void addListener(Consumer<DrainProgress> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<DrainProgress> listener) {
        listeners.remove(listener);
    }

    public Operator operator() {
        return operator;
    }

    public AuditLog auditLog() {
        return audit;
    }

    /** What draining the agent would do, from the fleet's current snapshot. */
    public DrainPreview preview(String agent) {
        return DrainPreview.of(fleet.current(), agent, notifier::canTell);
    }

    /** The stored state of every agent that is not plainly enabled, for a view or {@code status}. */
    public List<DrainRecord> records() throws IOException {
        return store.all();
    }

    /**
     * Refuses (audited, one line: who holds it, since when) when another console's live drain
     * holds the agent's lease. A command asks first, before printing anything else.
     */
    public void refuseIfDrainedElsewhere(String agent) throws DrainException {
        Optional<Lease.Holder> h = lease.holding(agent);
        if (h.isPresent() && !h.get().owner().equals(operator.id())) {
            throw refused(AuditAction.DRAIN, agent, heldBy(agent, h.get().owner()));
        }
    }

    /** "agent1 is being drained by alice@ops-3 pid 4121 since 2026-12-01 19:40:02 UTC (lease in ...)" */
    private String heldBy(String agent, String owner) {
        Instant since = lease.holding(agent)
                .filter(h -> h.owner().equals(owner))
                .map(Lease.Holder::since)
                .orElse(null);
        return agent + " is being drained by " + owner
                + (since == null ? "" : " since " + SINCE.format(since) + " UTC")
                + " (" + lease.describe() + "): wait for it, or cancel it there";
    }

    private static final DateTimeFormatter SINCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The drain this console runs on the agent, if any. */
    public Optional<Drain> running(String agent) {
        return Optional.ofNullable(running.get(agent));
    }

    /** No new sessions on the agent from now on; existing ones keep running. Persisted. */
    public void cordon(String agent) throws DrainException {
        cordon(agent, null);
    }

    /** Like {@link #cordon(String)}, with the operator's reason shown wherever the state is. */
    public void cordon(String agent, String reason) throws DrainException {
        requireAgent(agent);
        Optional<DrainRecord> current = load(agent);
        if (current.isPresent() && current.get().phase().isActive()) {
            throw refused(
                    AuditAction.CORDON,
                    agent,
                    agent + " is already " + current.get().phase().label() + " (by "
                            + current.get().owner() + ")");
        }
        setAdmin(agent, AgentState.CORDONED, reason);
        // Audited once the state has changed: a drain record the store then refuses does not undo it.
        audit(AuditAction.CORDON, agent, "ok", null, operator.id());
        saveAfter("cordoned", DrainRecord.cordon(agent, operator.id(), clock.instant()));
    }

    /**
     * Starts draining: checks the preview (refused when the zone loses its N+2 headroom, unless
     * forced), takes the lease, cordons at once and begins watching the sessions.
     */
    public Drain drain(String agent, DrainOptions options) throws DrainException {
        return drain(agent, options, null);
    }

    /** Like {@link #drain(String, DrainOptions)}, with the operator's reason kept with the agent's state. */
    public Drain drain(String agent, DrainOptions options, String reason) throws DrainException {
        AgentMonitor monitor = requireAgent(agent);
        if (running.containsKey(agent)) {
            throw refused(AuditAction.DRAIN, agent, agent + " is already being drained by this console");
        }
        DrainPreview preview = preview(agent);
        if (!preview.fits()) {
            if (!options.force()) {
                throw refused(AuditAction.DRAIN, agent, preview.refusal() + " — force it to drain anyway");
            }
            audit(AuditAction.FORCE, agent, "ok", preview.refusal(), operator.id());
        }
        Lease.Grant grant = lease.acquire(agent, operator.id(), timing.leaseTtl());
        if (!grant.granted()) {
            throw refused(AuditAction.DRAIN, agent, heldBy(agent, grant.holder()));
        }
        Instant now = clock.instant();
        Instant deadlineAt = options.deadline() == null ? null : now.plus(options.deadline());
        DrainRecord record = new DrainRecord(
                agent,
                DrainPhase.DRAINING,
                operator.id(),
                now,
                now,
                deadlineAt,
                options,
                List.of(),
                false,
                preview.sessions().size() + " session(s) to wait for");
        // A drain of a cordoned agent keeps the cordon's reason unless it gives its own.
        setAdmin(
                agent,
                AgentState.DRAINING,
                reason != null
                        ? reason
                        : admin.entry(agent).map(AdminEntry::reason).orElse(null));
        try {
            store.save(record);
        } catch (IOException e) {
            admin.setQuietly(agent, AgentState.ENABLED, operator.id(), null);
            lease.release(agent, operator.id());
            throw refused(AuditAction.DRAIN, agent, "cannot store the drain, nothing done: " + e.getMessage());
        }
        audit(AuditAction.DRAIN, agent, "started", describe(options), operator.id());
        Drain drain = new Drain(this, record, monitor.engine());
        running.put(agent, drain);
        drain.start();
        return drain;
    }

    /** Stops a drain (or cordon): the agent takes sessions again and nothing is stopped. */
    public void cancel(String agent) throws DrainException {
        requireAgent(agent);
        Drain drain = running.get(agent);
        if (drain != null) {
            if (drain.record().phase() == DrainPhase.MAINTENANCE) {
                throw refused(AuditAction.CANCEL, agent, agent + ": the maintenance hook is running; wait for it");
            }
            drain.cancel(operator.id());
            audit(AuditAction.CANCEL, agent, "ok", drain.record().detail(), operator.id());
            return;
        }
        putBack(AuditAction.CANCEL, agent);
    }

    /** Puts a cordoned, drained or failed agent back in rotation. */
    public void enable(String agent) throws DrainException {
        requireAgent(agent);
        if (running.containsKey(agent)) {
            throw refused(AuditAction.ENABLE, agent, agent + " is draining: cancel the drain to put it back");
        }
        putBack(AuditAction.ENABLE, agent);
    }

    private void putBack(AuditAction action, String agent) throws DrainException {
        Optional<String> holder = lease.holder(agent);
        if (holder.isPresent() && !holder.get().equals(operator.id())) {
            throw refused(
                    action,
                    agent,
                    agent + " is being drained by " + holder.get()
                            + ": cancel it there, or wait until its lease expires");
        }
        Optional<DrainRecord> current = load(agent);
        if (current.isPresent() && current.get().phase() == DrainPhase.MAINTENANCE) {
            throw refused(
                    action,
                    agent,
                    agent + ": a maintenance hook was running when its console ended; check the agent first");
        }
        setAdmin(agent, AgentState.ENABLED, null);
        // Audited once the state has changed (seen in the soak: an enable during a Redis failover set
        // the agent enabled, then failed to store its drain record and left no audit line).
        audit(action, agent, "ok", current.map(r -> "was " + r.phase().label()).orElse("was enabled"), operator.id());
        Instant now = clock.instant();
        DrainRecord base = current.orElse(DrainRecord.cordon(agent, operator.id(), now));
        saveAfter(
                "enabled",
                base.withPhase(
                        DrainPhase.ENABLED,
                        now,
                        action == AuditAction.CANCEL
                                ? "cancelled by " + operator.id()
                                : "enabled by " + operator.id()));
    }

    /** Stores the drain record of a state already set; a failure says the state stands. */
    private void saveAfter(String done, DrainRecord r) throws DrainException {
        try {
            store.save(r);
        } catch (IOException e) {
            throw new DrainException(
                    r.agent() + " is " + done + ", but its drain record could not be stored in " + store.describe()
                            + ": " + e.getMessage() + " — run the command again once the store answers",
                    e);
        }
    }

    /**
     * What a console does on start: cordons every agent the store says is out of rotation and
     * resumes the drains nobody runs (their console closed or died). A drain whose lease another
     * live console holds is left to it, cordoned here too.
     *
     * @return the drains this console now runs
     */
    public List<Drain> resumeAll() {
        List<Drain> resumed = new ArrayList<>();
        List<DrainRecord> records;
        try {
            records = store.all();
        } catch (IOException e) {
            problem("cannot read drain state from " + store.describe() + ": " + e.getMessage());
            return resumed;
        }
        for (DrainRecord r : records) {
            AgentMonitor monitor = fleet.agent(r.agent());
            if (monitor == null || running.containsKey(r.agent())) {
                continue;
            }
            // The agents' states are their own shared truth (AdminStates): only what this console
            // takes over is written here.
            if (!r.phase().isActive()) {
                continue;
            }
            Lease.Grant grant = lease.acquire(r.agent(), operator.id(), timing.leaseTtl());
            if (!grant.granted()) {
                continue;
            }
            Instant now = clock.instant();
            if (r.phase() == DrainPhase.MAINTENANCE) {
                keepAdmin(r.agent(), AgentState.DRAINED, operator.id());
                DrainRecord failed = r.withPhase(
                        DrainPhase.FAILED,
                        now,
                        "the console ended while the maintenance hook ran: check the agent, then enable it");
                saveQuietly(failed);
                audit(AuditAction.HOOK, r.agent(), "interrupted", failed.detail(), operator.id());
                lease.release(r.agent(), operator.id());
                continue;
            }
            keepAdmin(r.agent(), AgentState.DRAINING, operator.id());
            DrainRecord mine = r.withOwner(operator.id(), now);
            saveQuietly(mine);
            audit(AuditAction.DRAIN, r.agent(), "resumed", "was run by " + r.owner(), operator.id());
            Drain drain = new Drain(this, mine, monitor.engine());
            running.put(r.agent(), drain);
            drain.start();
            resumed.add(drain);
        }
        return resumed;
    }

    /**
     * Stops watching and gives the leases up; the stored state stays, so the next console to
     * start resumes the drains.
     */
    @Override
    public void close() {
        for (Drain d : List.copyOf(running.values())) {
            d.stopWatching();
            lease.release(d.agent(), operator.id());
        }
        running.clear();
    }

    static DrainProgress progressOf(DrainRecord r, Instant now) {
        List<DrainProgress.SessionAge> ages = r.running().stream()
                .map(s -> new DrainProgress.SessionAge(
                        s.sessionId(),
                        s.user(),
                        s.workspaceType(),
                        s.created() == null ? Duration.ZERO : Duration.between(s.created(), now)))
                .toList();
        int ended = r.sessions().size() - ages.size();
        Instant estimate = null;
        if (ages.isEmpty()) {
            estimate = now;
        } else if (ended > 0) {
            // sessions so far ended at this rate; the rest will take as long per session
            long elapsed = Math.max(1, Duration.between(r.startedAt(), now).toMillis());
            estimate = now.plusMillis(elapsed * ages.size() / ended);
        }
        if (r.deadlineAt() != null && r.options() != null && r.options().atDeadline() == AtDeadline.STOP) {
            Instant latest = r.deadlineAt().plus(r.options().grace());
            estimate = estimate == null || estimate.isAfter(latest) ? latest : estimate;
        }
        return new DrainProgress(
                r.agent(),
                r.phase(),
                now,
                r.startedAt(),
                r.deadlineAt(),
                ages,
                ended,
                (int) r.endedBy(DrainedSession.EndedBy.DRAIN),
                r.phase().isActive() ? estimate : null,
                r.overdue(),
                r.detail());
    }

    private static String describe(DrainOptions o) {
        return (o.deadline() == null
                        ? "no deadline"
                        : "deadline " + DurationText.format(o.deadline()) + ", then "
                                + o.atDeadline().name().toLowerCase(Locale.ROOT))
                + (o.force() ? ", forced" : "")
                + (o.hook().isEmpty() ? "" : ", hook " + String.join(" ", o.hook()))
                + (o.message() == null ? "" : ", message \"" + o.message() + "\"");
    }

    private AgentMonitor requireAgent(String agent) throws DrainException {
        AgentMonitor m = fleet.agent(agent);
        if (m == null) {
            throw new DrainException("no agent named '" + agent + "' in this fleet: "
                    + String.join(
                            ", ",
                            fleet.agents().stream().map(AgentMonitor::name).toList()));
        }
        return m;
    }

    private Optional<DrainRecord> load(String agent) throws DrainException {
        try {
            return store.load(agent);
        } catch (IOException e) {
            throw new DrainException("cannot read the drain state of " + agent + ": " + e.getMessage(), e);
        }
    }

    private void saveOrFail(DrainRecord r) throws DrainException {
        try {
            store.save(r);
        } catch (IOException e) {
            throw new DrainException("cannot store the state of " + r.agent() + ": " + e.getMessage(), e);
        }
    }

    private void saveQuietly(DrainRecord r) {
        try {
            store.save(r);
        } catch (IOException e) {
            problem(r.agent() + ": " + e.getMessage());
        }
    }

    private DrainException refused(AuditAction action, String agent, String why) {
        audit(action, agent, "refused", why, operator.id());
        return new DrainException(why);
    }

    void audit(AuditAction action, String agent, String outcome, String detail, String who) {
        try {
            audit.append(new AuditEntry(clock.instant(), who, action, agent, outcome, detail));
        } catch (IOException e) {
            problem("could not write the audit log (" + audit.describe() + "): " + e.getMessage());
        }
    }

    void publish(DrainProgress p) {
        for (Consumer<DrainProgress> l : listeners) {
            try {
                l.accept(p);
            } catch (RuntimeException e) {
                problem("drain listener failed: " + e);
            }
        }
    }

    void problem(String message) {
        problems.accept(message);
    }

    void forget(Drain d) {
        running.remove(d.agent(), d);
    }

    FleetMonitor fleet() {
        return fleet;
    }

    AdminStates admin() {
        return admin;
    }

    /** Sets the agent's shared state as this console's operator; a store that fails refuses the action. */
    private void setAdmin(String agent, AgentState state, String reason) throws DrainException {
        try {
            admin.set(agent, state, operator.id(), reason);
        } catch (IOException e) {
            throw new DrainException(
                    "cannot store " + agent + " as " + state.label().toLowerCase(Locale.ROOT) + " in "
                            + admin.describe() + ", nothing done: " + e.getMessage(),
                    e);
        }
    }

    /** A drain's own change of state: the operator's reason stays; a failure is told, the drain goes on. */
    void keepAdmin(String agent, AgentState state, String by) {
        String reason = admin.entry(agent).map(AdminEntry::reason).orElse(null);
        admin.setQuietly(agent, state, by, state == AgentState.ENABLED ? null : reason);
    }

    DrainStore store() {
        return store;
    }

    Lease lease() {
        return lease;
    }

    DrainNotifier notifier() {
        return notifier;
    }

    MaintenanceHook hook() {
        return hook;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    Executor workers() {
        return workers;
    }

    Clock clock() {
        return clock;
    }

    String owner() {
        return operator.id();
    }

    Timing timing() {
        return timing;
    }
}
