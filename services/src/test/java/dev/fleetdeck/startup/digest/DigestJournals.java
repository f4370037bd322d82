package dev.fleetdeck.startup.digest;

import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecord.Outcome;
import dev.fleetdeck.startup.StartupRecord.Performance;
import dev.fleetdeck.startup.StartupRecord.PlacementAttempt;
import dev.fleetdeck.startup.StartupRecordCodec;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated journals for the digest tests: whole records as the journal stores them, over sixteen
 * days (the window and the week-over-week check), several types and agents, one agent whose
 * launches all fail (trend buckets with failures only), staged launches, instants with nanoseconds,
 * and, when asked, every kind of bad line a journal may hold.
 */
final class DigestJournals {
    static final String[] TYPES = {"firefox", "vscode", "kali", "burp", "chrome-ünï"};
    private static final StartupRecordCodec CODEC = new StartupRecordCodec();

    private DigestJournals() {}

    static StartupRecord record(SplittableRandom random, Instant now, int i) {
        String agent = random.nextInt(25) == 0 ? null : "agent-" + random.nextInt(6);
        boolean doomed = "agent-5".equals(agent);
        boolean ready = !doomed && random.nextInt(20) != 0;
        long quota = random.nextInt(400);
        long placement = random.nextInt(30);
        long create = 500 + (long) Math.exp(8 + random.nextDouble() * 2.5);
        long monitoring = random.nextInt(25_000);
        Instant at = now.minusMillis(random.nextLong(16L * 86_400_000L));
        if (random.nextInt(9) == 0) {
            at = at.plusNanos(random.nextInt(999_999));
        }
        return new StartupRecord(
                "s-" + i,
                TYPES[random.nextInt(TYPES.length)],
                "user-" + random.nextInt(40),
                agent,
                "c-" + i,
                ready ? Outcome.READY : Outcome.FAILED,
                ready ? null : "timed out",
                random.nextInt(6) == 0,
                List.of(new PlacementAttempt(agent, ready ? "ok" : "failed", null, quota, create)),
                new Performance(
                        at,
                        quota,
                        placement,
                        create,
                        monitoring,
                        quota + placement + create + monitoring,
                        random.nextInt(12),
                        random.nextInt(300),
                        List.of(quota + 100, quota + 900),
                        random.nextBoolean() ? "events" : "polling"));
    }

    /** {@code lines} lines from {@code first} on; bad ones at about {@code badShare}. */
    static String lines(int first, int lines, long seed, Instant now, double badShare) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder();
        for (int i = first; i < first + lines; i++) {
            double u = random.nextDouble();
            if (u < badShare / 4) {
                out.append("{\"workspaceType\": \"kali\", \"outcome\": \"ready\", \"perf");
            } else if (u < badShare / 2) {
                out.append("{\"workspaceType\": 7, \"outcome\": \"ready\", \"performance\": {}}");
            } else if (u < badShare * 3 / 4) {
                out.append("   ");
            } else if (u < badShare) {
                out.append(CODEC.encode(record(random, now, i))
                        .replace("\"totalStartupTimeMs\":", "\"totalStartupTimeMs\":-"));
            } else {
                out.append(CODEC.encode(record(random, now, i)));
            }
            out.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        return out.toString();
    }
}
