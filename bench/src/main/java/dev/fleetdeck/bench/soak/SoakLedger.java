package dev.fleetdeck.bench.soak;

import dev.fleetdeck.drain.DrainRecord;
import dev.fleetdeck.startup.StartupRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the soak did and saw, as it went: every launch it asked for and what came back, the
 * sessions its users ended, every drain record it saw (a record per agent is overwritten by the
 * agent's next drain, so each is kept here by agent and start), the faults and the operator's
 * actions. The checks compare this with what the fleet's stores and engines say.
 */
final class SoakLedger {
    /** One launch: its record, or why there is none (the launcher threw). */
    record Launch(Instant askedAt, Instant doneAt, StartupRecord record, String error) {}

    /** One fault done: kind, what it hit, from when to when it was undone, and anything it noticed. */
    record FaultDone(Fault fault, String target, Instant from, Instant to, String detail) {}

    /** One action of the second operator: {@code cordon}/{@code enable}, the agent, the CLI's exit code. */
    record OperatorAction(Instant at, String action, String agent, int exitCode, String output) {}

    final List<Launch> launches = new ArrayList<>();
    final Map<String, Instant> userEnded = new ConcurrentHashMap<>();
    final Map<String, DrainRecord> drains = new LinkedHashMap<>();
    final List<FaultDone> faults = new ArrayList<>();
    final List<OperatorAction> operator = new ArrayList<>();
    final List<String> rollingDrains = new ArrayList<>();

    synchronized void launched(Launch l) {
        launches.add(l);
    }

    synchronized List<Launch> launches() {
        return List.copyOf(launches);
    }

    synchronized void sawDrains(List<DrainRecord> records) {
        for (DrainRecord r : records) {
            if (r.startedAt() != null) {
                drains.put(r.agent() + " " + r.startedAt(), r);
            }
        }
    }

    synchronized List<DrainRecord> drains() {
        return List.copyOf(drains.values());
    }

    synchronized void faulted(FaultDone f) {
        faults.add(f);
    }

    synchronized List<FaultDone> faults() {
        return List.copyOf(faults);
    }

    synchronized void acted(OperatorAction a) {
        operator.add(a);
    }

    synchronized List<OperatorAction> operatorActions() {
        return List.copyOf(operator);
    }

    synchronized void rollingDrain(String line) {
        rollingDrains.add(line);
    }

    synchronized List<String> rollingDrains() {
        return List.copyOf(rollingDrains);
    }
}
