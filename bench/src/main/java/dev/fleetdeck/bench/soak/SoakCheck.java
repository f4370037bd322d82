package dev.fleetdeck.bench.soak;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.drain.AuditAction;
import dev.fleetdeck.drain.AuditEntry;
import dev.fleetdeck.drain.DrainRecord;
import dev.fleetdeck.drain.DrainedSession;
import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The soak's invariants, checked against the real stores and engines: every launch has exactly
 * one startup record in the journal and in Redis; every record's session runs or was ended by its
 * user or a drain; no session container without a record, no staged container claimed twice, no
 * session stopped by two drains; every drain finished once and each agent's state is what the last
 * operator action of the audit log says; every alert episode fired once and resolved once. A
 * minute's check leaves out what is younger than {@code settle} (a launch still being replicated, a
 * drain under way); the final one leaves out nothing.
 */
final class SoakCheck {
    private final SoakLedger ledger;
    private final Path journal;
    private final SoakBed bed;
    private final Services services;
    private final AlertReceiver alerts;
    private final Instant runStart;
    private final int stagedAtMost;
    /** Whether an alert evaluator (keeper or window) was up and warm through a window of time. */
    private final BiPredicate<Instant, Instant> evaluatorUp;

    private final StartupRecordCodec codec = new StartupRecordCodec();

    SoakCheck(
            SoakLedger ledger,
            Path journal,
            SoakBed bed,
            Services services,
            AlertReceiver alerts,
            Instant runStart,
            int stagedAtMost,
            BiPredicate<Instant, Instant> evaluatorUp) {
        this.evaluatorUp = evaluatorUp;
        this.ledger = ledger;
        this.journal = journal;
        this.bed = bed;
        this.services = services;
        this.alerts = alerts;
        this.runStart = runStart;
        this.stagedAtMost = stagedAtMost;
    }

    /** What one check found; {@code problems} names every finding, one line each. */
    record Report(
            int launches,
            int lost,
            int duplicated,
            int orphans,
            int stuck,
            List<String> problems,
            Map<String, Integer> counts) {
        boolean clean() {
            return lost == 0 && duplicated == 0 && orphans == 0 && stuck == 0;
        }

        String line() {
            StringBuilder sb = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%d launches, %d lost, %d duplicated, %d orphans, %d other problems",
                    launches,
                    lost,
                    duplicated,
                    orphans,
                    stuck));
            counts.forEach((k, v) -> sb.append(", ").append(k).append(' ').append(v));
            return sb.toString();
        }
    }

    Report check(boolean last, Duration settle) throws IOException {
        Instant cutoff = last ? Instant.MAX : Instant.now().minus(settle);
        List<String> problems = new ArrayList<>();
        int[] lost = {0};
        int[] dup = {0};
        int[] orphans = {0};
        int[] stuck = {0};
        Map<String, Integer> counts = new LinkedHashMap<>();

        Map<String, List<StartupRecord>> inJournal = byId(readJournal(problems));
        Map<String, List<StartupRecord>> inRedis = new HashMap<>();
        boolean redisRead = true;
        try {
            List<StartupRecord> rs = new ArrayList<>();
            long n = 0;
            for (String m : bed.redisMembers("fleetdeck:startups")) {
                StartupRecord r =
                        codec.decode(m, ++n, p -> problems.add("redis member " + p.lineNumber() + ": " + p.message()));
                if (r != null
                        && r.performance().provisioningStartedAt() != null
                        && !r.performance().provisioningStartedAt().isBefore(runStart)) {
                    rs.add(r);
                }
            }
            inRedis = byId(rs);
        } catch (RuntimeException e) {
            redisRead = false;
            if (last) {
                problems.add("cannot read Redis: " + e.getMessage());
                stuck[0]++;
            }
        }
        counts.put(
                "journal records",
                inJournal.values().stream().mapToInt(List::size).sum());
        counts.put(
                "redis records", inRedis.values().stream().mapToInt(List::size).sum());

        List<SoakLedger.Launch> launches = ledger.launches();
        Set<String> asked = new HashSet<>();
        int ready = 0;
        int staged = 0;
        int failed = 0;
        int notYetReplicated = 0;
        for (SoakLedger.Launch l : launches) {
            if (l.doneAt().isAfter(cutoff)) {
                continue;
            }
            if (l.record() == null) {
                lost[0]++;
                problems.add("lost: a launch asked at " + l.askedAt() + " returned no record: " + l.error());
                continue;
            }
            StartupRecord r = l.record();
            asked.add(r.sessionId());
            ready += r.ready() ? 1 : 0;
            failed += r.ready() ? 0 : 1;
            staged += r.staged() ? 1 : 0;
            int j = inJournal.getOrDefault(r.sessionId(), List.of()).size();
            int red = inRedis.getOrDefault(r.sessionId(), List.of()).size();
            if (j == 0) {
                lost[0]++;
                problems.add("lost: launch " + r.sessionId() + " ("
                        + r.outcome().json() + " at " + l.doneAt() + ") has no record in the journal");
            }
            if (redisRead && red == 0) {
                if (last) {
                    lost[0]++;
                    problems.add("lost: launch " + r.sessionId() + " ("
                            + r.outcome().json() + " at " + l.doneAt() + ") has no record in Redis");
                } else {
                    notYetReplicated++;
                }
            }
            if (j > 1 || red > 1) {
                dup[0] += Math.max(0, j - 1) + Math.max(0, red - 1);
                problems.add(
                        "duplicated: launch " + r.sessionId() + " has " + j + " journal and " + red + " Redis records");
            }
        }
        for (String id : inJournal.keySet()) {
            StartupRecord r = inJournal.get(id).get(0);
            if (!asked.contains(id)
                    && r.performance().provisioningStartedAt() != null
                    && r.performance().provisioningStartedAt().isBefore(cutoff.minus(Duration.ofMinutes(2)))
                    && launches.stream()
                            .noneMatch(l ->
                                    l.record() != null && l.record().sessionId().equals(id))) {
                dup[0]++;
                problems.add("duplicated: journal record " + id + " answers no launch the soak asked for");
            }
        }
        counts.put("ready", ready);
        counts.put("failed", failed);
        counts.put("from pools", staged);
        counts.put("not yet in Redis", notYetReplicated);

        // Staged containers claimed by more than one launch.
        Map<String, Integer> claims = new HashMap<>();
        for (SoakLedger.Launch l : launches) {
            if (l.record() != null && l.record().staged() && l.record().containerId() != null) {
                claims.merge(l.record().containerId(), 1, Integer::sum);
            }
        }
        claims.forEach((c, n) -> {
            if (n > 1) {
                dup[0] += n - 1;
                problems.add("duplicated: staged container " + c + " claimed by " + n + " launches");
            }
        });

        // Sessions stopped by more than one drain; drains not finished.
        Map<String, Integer> stoppedBy = new HashMap<>();
        Set<String> drainStopped = new HashSet<>();
        for (DrainRecord d : ledger.drains()) {
            if (d.startedAt().isBefore(runStart)) {
                continue; // an earlier run's drain, still in Redis
            }
            for (DrainedSession s : d.sessions()) {
                if (s.endedBy() == DrainedSession.EndedBy.DRAIN) {
                    stoppedBy.merge(s.containerId(), 1, Integer::sum);
                    drainStopped.add(s.sessionId());
                }
            }
            if (last && d.phase().isActive()) {
                stuck[0]++;
                problems.add("drain of " + d.agent() + " started " + d.startedAt() + " never finished: "
                        + d.phase().label());
            }
        }
        stoppedBy.forEach((c, n) -> {
            if (n > 1) {
                dup[0] += n - 1;
                problems.add("duplicated: container " + c + " stopped by " + n + " drains");
            }
        });
        counts.put("stopped by drains", drainStopped.size());
        counts.put("ended by users", ledger.userEnded.size());

        // Every container on the engines against the records.
        Map<String, StartupRecord> recordById = new HashMap<>();
        inJournal.forEach((id, rs) -> recordById.put(id, rs.get(0)));
        Set<String> claimedContainers = new HashSet<>(claims.keySet());
        Set<String> unlisted = new HashSet<>();
        Map<String, ContainerSummary> running = new HashMap<>();
        int stagedIdle = 0;
        int sessionsRunning = 0;
        for (AgentMonitor m : services.fleet().agents()) {
            List<ContainerSummary> all;
            try {
                all = m.engine().uncached().listContainers(true);
            } catch (AgentEngine.EngineException e) {
                unlisted.add(m.name());
                continue;
            }
            for (ContainerSummary c : all) {
                String id = c.labels().get(SessionLabels.SESSION);
                if (id == null) {
                    continue;
                }
                boolean isStaged = "true".equals(c.labels().get(SessionLabels.STAGED));
                if (c.running()) {
                    running.put(c.id(), c);
                }
                if (isStaged && !claimedContainers.contains(c.id())) {
                    stagedIdle += c.running() ? 1 : 0;
                    continue;
                }
                if (c.created() != null
                        && (c.created().isAfter(cutoff) || c.created().isBefore(runStart))) {
                    continue; // too young to judge, or not the soak's
                }
                StartupRecord r = recordById.get(id);
                if (r == null) {
                    orphans[0]++;
                    problems.add("orphan: container " + shortId(c.id()) + " of session " + id + " on " + m.name() + " ("
                            + c.state() + ") has no record");
                } else if (!r.ready()) {
                    orphans[0]++;
                    problems.add("orphan: container " + shortId(c.id()) + " of failed launch " + id + " on " + m.name()
                            + " (" + c.state() + ") was left behind");
                } else if (!c.id().equals(r.containerId())) {
                    orphans[0]++;
                    problems.add("orphan: a second container " + shortId(c.id()) + " of session " + id + " on "
                            + m.name() + " (" + c.state() + ")");
                } else if (c.running()) {
                    sessionsRunning++;
                }
            }
        }
        counts.put("sessions running", sessionsRunning);
        counts.put("staged ready", stagedIdle);
        if (last && stagedIdle > stagedAtMost) {
            stuck[0]++;
            problems.add("staged: " + stagedIdle + " idle staged sessions, more than the pools' " + stagedAtMost);
        }
        for (SoakLedger.Launch l : launches) {
            StartupRecord r = l.record();
            if (r == null || !r.ready() || l.doneAt().isAfter(cutoff) || unlisted.contains(r.agent())) {
                continue;
            }
            if (running.containsKey(r.containerId())
                    || ledger.userEnded.containsKey(r.sessionId())
                    || drainStopped.contains(r.sessionId())) {
                continue;
            }
            lost[0]++;
            problems.add("lost: session " + r.sessionId() + " on " + r.agent()
                    + " neither runs nor was ended by its user or a drain");
        }

        if (last) {
            stuck[0] += auditAgainstState(problems);
            stuck[0] += alertEpisodes(problems, dup);
        }
        return new Report(launches.size(), lost[0], dup[0], orphans[0], stuck[0], problems, counts);
    }

    /** Each drain finished once; each agent's state is what its last operator action made it. */
    private int auditAgainstState(List<String> problems) throws IOException {
        int found = 0;
        List<AuditEntry> log = services.drains().auditLog().since(runStart, 1_000_000);
        Map<String, Integer> started = new HashMap<>();
        Map<String, Integer> finished = new HashMap<>();
        Map<String, AgentState> expected = new HashMap<>();
        for (AuditEntry e : log) {
            String agent = e.agent();
            AgentState next = null;
            if (e.action() == AuditAction.CORDON && e.outcome().equals("ok")) {
                next = AgentState.CORDONED;
            } else if ((e.action() == AuditAction.ENABLE || e.action() == AuditAction.CANCEL)
                    && e.outcome().equals("ok")) {
                next = AgentState.ENABLED;
            } else if (e.action() == AuditAction.DRAIN && e.outcome().equals("started")) {
                next = AgentState.DRAINING;
                started.merge(agent, 1, Integer::sum);
            } else if (e.action() == AuditAction.DRAIN && e.outcome().equals("drained")) {
                next = AgentState.DRAINED;
                finished.merge(agent, 1, Integer::sum);
            }
            if (next != null) {
                expected.put(agent, next);
            }
        }
        for (String agent : started.keySet()) {
            int s = started.get(agent);
            int f = finished.getOrDefault(agent, 0);
            if (s != f) {
                found++;
                problems.add("drains of " + agent + ": " + s + " started, " + f + " finished (audit log)");
            }
        }
        services.adminStates().reload();
        for (String agent : bed.agentNames()) {
            AgentState now =
                    services.adminStates().entry(agent).map(AdminEntry::state).orElse(AgentState.ENABLED);
            AgentState want = expected.getOrDefault(agent, AgentState.ENABLED);
            if (now != want) {
                found++;
                problems.add("admin state: " + agent + " is " + now
                        + " but the last operator action in the audit log makes it " + want);
            }
        }
        return found;
    }

    /**
     * Every alert episode fired once and resolved once; every engine fault raised its agent's
     * "offline" alert.
     */
    private int alertEpisodes(List<String> problems, int[] dup) {
        int found = 0;
        List<AlertReceiver.Episode> episodes = alerts.episodes();
        for (AlertReceiver.Episode e : episodes) {
            if (e.firing().size() > 1 || e.resolved().size() > 1) {
                dup[0]++;
                problems.add("duplicated: alert " + e.key() + " since " + e.startsAt() + " delivered firing "
                        + e.firing().size() + "×, resolved " + e.resolved().size() + "×");
            }
            if (e.resolved().isEmpty()) {
                found++;
                problems.add("alert " + e.key() + " since " + e.startsAt() + " fired and never resolved");
            }
            if (e.firing().isEmpty()) {
                found++;
                problems.add("alert " + e.key() + " since " + e.startsAt() + " resolved without firing");
            }
        }
        for (SoakLedger.FaultDone f : ledger.faults()) {
            if (f.fault() != Fault.ENGINE_KILLED && f.fault() != Fault.ENGINE_STOPPED) {
                continue;
            }
            String key = "agent.offline/" + f.target();
            long n = episodes.stream()
                    .filter(e -> e.key().equals(key) && startsWithin(e, f.from(), f.to().plusSeconds(20)))
                    .count();
            if (n > 1 || (n == 0 && evaluatorUp.test(f.from(), f.to()))) {
                found++;
                problems.add("alert " + key + ": " + n + " episodes for the fault at " + f.from() + " ("
                        + f.fault().label + "), want 1");
            } else if (n == 0) {
                problems.add("note: alert " + key + " did not fire for the fault at " + f.from()
                        + ", but no evaluator (keeper or window) was up and warm all through it");
            }
        }
        return found;
    }

    private static boolean startsWithin(AlertReceiver.Episode e, Instant from, Instant to) {
        try {
            Instant at = Instant.parse(e.startsAt());
            return !at.isBefore(from) && !at.isAfter(to);
        } catch (RuntimeException ex) {
            return false;
        }
    }

    private List<StartupRecord> readJournal(List<String> problems) throws IOException {
        List<StartupRecord> out = new ArrayList<>();
        if (!Files.exists(journal)) {
            return out;
        }
        long n = 0;
        List<String> lines = Files.readAllLines(journal);
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            // A last line without its end is being written by a launcher right now: not a problem.
            boolean beingWritten =
                    n == lines.size() && !Files.readString(journal).endsWith("\n");
            StartupRecord r = codec.decode(line, n, p -> {
                if (!beingWritten) {
                    problems.add("journal line " + p.lineNumber() + ": " + p.message());
                }
            });
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static Map<String, List<StartupRecord>> byId(List<StartupRecord> records) {
        Map<String, List<StartupRecord>> m = new HashMap<>();
        for (StartupRecord r : records) {
            m.computeIfAbsent(r.sessionId(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
