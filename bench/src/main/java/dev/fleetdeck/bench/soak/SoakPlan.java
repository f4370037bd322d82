package dev.fleetdeck.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The compressed day: its length, the launch rate at each moment, when the rolling drains start
 * and when each fault strikes. The long form has every fault at least twice and a rolling drain
 * every 10 minutes; the short form (CI) every fault once and one rolling drain, in about four
 * minutes. The keeper and the console are killed twice each, among the first faults, so the
 * incarnations the leak check measures live long enough to show a trend; their threads,
 * descriptors and engine connections are judged from {@code warmUp} after they are up, their heap
 * from {@code historyWarmUp} (once the history they keep is full).
 */
record SoakPlan(
        Duration length,
        boolean shortForm,
        List<Timed> faults,
        List<Duration> drains,
        Duration drainDeadline,
        Duration warmUp,
        Duration historyWarmUp,
        Duration faultHold) {

    /**
     * How long the keeper and the window keep history: the fleet monitor's readings of every agent
     * (15 minutes of refreshes, the sparklines' span; Services). Their heap grows until it is full,
     * so heap growth is judged only after it, with a minute's margin.
     */
    static final Duration HISTORY = Duration.ofMinutes(15);

    /** A fault and when it strikes, from the start of the run. */
    record Timed(Duration at, Fault fault) {}

    static SoakPlan of(Duration length, boolean shortForm) {
        List<Fault> order = List.of(
                Fault.ENGINE_KILLED,
                Fault.KEEPER_KILLED,
                Fault.REDIS_MASTER_KILLED,
                Fault.CONSOLE_KILLED,
                Fault.ENGINE_STOPPED,
                Fault.DISK_FULL);
        List<Timed> faults = new ArrayList<>();
        long ms = length.toMillis();
        if (shortForm) {
            // every fault once, between 10 % and 85 % of the run
            for (int i = 0; i < order.size(); i++) {
                faults.add(new Timed(Duration.ofMillis(ms / 10 + i * (ms * 75 / 100) / order.size()), order.get(i)));
            }
            return new SoakPlan(
                    length,
                    true,
                    faults,
                    // The drain starts 24 s after the Redis master's kill (at 35 %), once Sentinel has
                    // promoted the replica: started inside the failover, the command is refused
                    // ("Redis not reachable") and the run failed on timing alone.
                    List.of(Duration.ofMillis(ms * 45 / 100)),
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(40),
                    HISTORY.plusMinutes(1),
                    Duration.ofSeconds(15));
        }
        // Rounds of every other fault (one per 15 minutes, at least two); the process kills twice
        // each and first (see above), so the last incarnations live long past their warm-up.
        int rounds = Math.max(2, (int) (length.toMinutes() / 15));
        List<Fault> kills = new ArrayList<>();
        List<Fault> others = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (Fault f : order) {
                if (!restartsAProcess(f)) {
                    others.add(f);
                } else if (r < 2) {
                    kills.add(f);
                }
            }
        }
        // one other fault, two process kills, and again, until the kills are placed; the others after
        List<Fault> ordered = new ArrayList<>();
        while (!kills.isEmpty()) {
            if (!others.isEmpty()) {
                ordered.add(others.remove(0));
            }
            for (int k = 0; k < 2 && !kills.isEmpty(); k++) {
                ordered.add(kills.remove(0));
            }
        }
        ordered.addAll(others);
        long from = ms / 20;
        long span = ms * 85 / 100;
        for (int i = 0; i < ordered.size(); i++) {
            faults.add(new Timed(Duration.ofMillis(from + i * span / ordered.size()), ordered.get(i)));
        }
        List<Duration> drains = new ArrayList<>();
        for (long at = Duration.ofMinutes(4).toMillis();
                at < ms - Duration.ofMinutes(4).toMillis();
                at += Duration.ofMinutes(10).toMillis()) {
            drains.add(Duration.ofMillis(at));
        }
        return new SoakPlan(
                length,
                false,
                faults,
                drains,
                Duration.ofSeconds(90),
                Duration.ofMinutes(3),
                HISTORY.plusMinutes(1),
                Duration.ofSeconds(30));
    }

    private static boolean restartsAProcess(Fault f) {
        return f == Fault.KEEPER_KILLED || f == Fault.CONSOLE_KILLED;
    }

    /**
     * Launches per second at {@code at}: a quiet start, a morning peak of several a second, a
     * lunch dip, a smaller afternoon bump, then a trickle into the evening.
     */
    double launchRate(Duration at) {
        double f = (double) at.toMillis() / length.toMillis();
        if (f < 0.05) {
            return 0.3;
        }
        if (f < 0.22) {
            return 3.0;
        }
        if (f < 0.35) {
            return 0.6;
        }
        if (f < 0.5) {
            return 1.5;
        }
        return 0.4;
    }

    /** How long a user keeps a session: short in the peak so the machine holds the day. */
    Duration meanSessionLife(Duration at) {
        return launchRate(at) >= 2 ? Duration.ofSeconds(15) : Duration.ofSeconds(40);
    }
}
