package dev.fleetdeck.startup.digest;

import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecord.Outcome;
import dev.fleetdeck.startup.StartupRecord.Performance;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Records as a digest holds them: what the timings read of a line gives (type, agent, outcome,
 * staged, start and the performance figures), as variable-length numbers, about 25 bytes a record
 * instead of ~600 of JSON. Every field a timings read leaves null or empty must be so here, or the
 * record cannot be held ({@link #add} says false) and no digest is written.
 */
final class DigestRecords {
    private static final int READY = 1;
    private static final int STAGED = 2;
    private static final int HAS_AGENT = 4;
    /** A checkpoint every so many records, so a replay can start a second thread in the middle. */
    static final int CHECKPOINT_EVERY = 1 << 14;

    private final DigestStrings strings;
    private byte[] bytes;
    private int size;
    private long count;
    /** Pairs of (record index, byte offset) where a replay may start. */
    private long[] checkpoints = new long[16];

    private int checkpointCount;

    DigestRecords(DigestStrings strings) {
        this(strings, new byte[1 << 16], 0, 0, new long[0]);
    }

    DigestRecords(DigestStrings strings, byte[] bytes, int size, long count, long[] checkpoints) {
        this.strings = strings;
        this.bytes = bytes;
        this.size = size;
        this.count = count;
        this.checkpoints = Arrays.copyOf(checkpoints, Math.max(16, checkpoints.length));
        this.checkpointCount = checkpoints.length / 2;
    }

    /** Encodes one record; false when it holds more than a timings read gives (then nothing is added). */
    boolean add(StartupRecord r) {
        Performance p = r.performance();
        if (!representable(r)) {
            return false;
        }
        if (count % CHECKPOINT_EVERY == 0) {
            checkpoint(count, size);
        }
        room(80);
        int flags = (r.outcome() == Outcome.READY ? READY : 0)
                | (r.staged() ? STAGED : 0)
                | (r.agent() != null ? HAS_AGENT : 0);
        bytes[size++] = (byte) flags;
        varint(strings.number(r.workspaceType()));
        if (r.agent() != null) {
            varint(strings.number(r.agent()));
        }
        Instant at = p.provisioningStartedAt();
        varint(zigzag(at.getEpochSecond()));
        varint(at.getNano());
        varint(p.quotaCheckDurationMs());
        varint(p.placementDurationMs());
        varint(p.sessionCreateDurationMs());
        varint(p.monitoringDurationMs());
        varint(p.totalStartupTimeMs());
        varint(p.statusCheckAttempts());
        varint(p.averageStatusCheckDurationMs());
        count++;
        return true;
    }

    private static boolean representable(StartupRecord r) {
        Performance p = r.performance();
        return r.sessionId() == null
                && r.user() == null
                && r.containerId() == null
                && r.error() == null
                && r.attempts().isEmpty()
                && r.workspaceType() != null
                && r.outcome() != null
                && p != null
                && p.provisioningStartedAt() != null
                && p.statusCheckOffsetsMs().isEmpty()
                && p.readinessSource() == null
                && p.quotaCheckDurationMs() >= 0
                && p.placementDurationMs() >= 0
                && p.sessionCreateDurationMs() >= 0
                && p.monitoringDurationMs() >= 0
                && p.totalStartupTimeMs() >= 0
                && p.statusCheckAttempts() >= 0
                && p.averageStatusCheckDurationMs() >= 0;
    }

    /** Appends another's records (encoded against the same strings), as if added here after these. */
    void append(DigestRecords other) {
        for (int i = 0; i < other.checkpointCount; i++) {
            checkpoint(count + other.checkpoints[2 * i], size + other.checkpoints[2 * i + 1]);
        }
        room(other.size);
        System.arraycopy(other.bytes, 0, bytes, size, other.size);
        size += other.size;
        count += other.count;
    }

    private void checkpoint(long index, long offset) {
        if (2 * checkpointCount + 2 > checkpoints.length) {
            checkpoints = Arrays.copyOf(checkpoints, checkpoints.length * 2);
        }
        checkpoints[2 * checkpointCount] = index;
        checkpoints[2 * checkpointCount + 1] = offset;
        checkpointCount++;
    }

    long count() {
        return count;
    }

    int size() {
        return size;
    }

    byte[] bytes() {
        return bytes;
    }

    long[] checkpoints() {
        return Arrays.copyOf(checkpoints, 2 * checkpointCount);
    }

    private void room(int n) {
        if (size + n > bytes.length) {
            long want = Math.max((long) size + n, (long) bytes.length * 2);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a digest is limited to 2 GB");
            }
            bytes = Arrays.copyOf(bytes, (int) want);
        }
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /**
     * Whether the bytes hold exactly {@code count} records naming only known strings, and every
     * checkpoint stands at a record's start: checked before a replay, which must never stop halfway.
     */
    static boolean wellFormed(byte[] bytes, int from, int size, long count, int stringCount, long[] checkpoints) {
        if (checkpoints.length % 2 != 0) {
            return false;
        }
        int next = 0;
        int pos = from;
        int end = from + size;
        for (long i = 0; i < count; i++) {
            if (next < checkpoints.length && checkpoints[next] == i) {
                if (checkpoints[next + 1] != pos - from) {
                    return false;
                }
                next += 2;
            }
            if (pos >= end) {
                return false;
            }
            int flags = bytes[pos++];
            if ((flags & ~(READY | STAGED | HAS_AGENT)) != 0) {
                return false;
            }
            int fields = 10 + ((flags & HAS_AGENT) != 0 ? 1 : 0);
            for (int f = 0; f < fields; f++) {
                long v = 0;
                int shift = 0;
                while (true) {
                    if (pos >= end || shift > 63) {
                        return false;
                    }
                    byte b = bytes[pos++];
                    v |= (long) (b & 0x7F) << shift;
                    shift += 7;
                    if (b >= 0) {
                        break;
                    }
                }
                if (!fits(f - (fields - 11), f, v, stringCount)) {
                    return false;
                }
            }
        }
        return pos == end && next == checkpoints.length;
    }

    /**
     * Whether a value fits its field. {@code field} counts as if the agent were there (0 type, 1
     * agent, 2 start second, 3 nanos, 4-8 durations, 9 checks, 10 average); {@code at} is 0 for the type.
     */
    private static boolean fits(int field, int at, long v, int stringCount) {
        if (at == 0) {
            field = 0;
        }
        return switch (field) {
            case 0, 1 -> v >= 0 && v < stringCount;
            case 2 -> {
                long seconds = (v >>> 1) ^ -(v & 1);
                yield seconds >= Instant.MIN.getEpochSecond() && seconds <= Instant.MAX.getEpochSecond();
            }
            case 3 -> v >= 0 && v < 1_000_000_000L;
            case 9 -> v >= 0 && v <= Integer.MAX_VALUE;
            default -> v >= 0;
        };
    }

    /** Reads records back from {@code from}, as {@link #add} wrote them. Not thread-safe; one per thread. */
    static final class Cursor {
        private final byte[] bytes;
        private final List<String> strings;
        private int pos;

        Cursor(byte[] bytes, int from, List<String> strings) {
            this.bytes = bytes;
            this.pos = from;
            this.strings = strings;
        }

        StartupRecord next() {
            int flags = bytes[pos++];
            String type = strings.get((int) varint());
            String agent = (flags & HAS_AGENT) != 0 ? strings.get((int) varint()) : null;
            long z = varint();
            long seconds = (z >>> 1) ^ -(z & 1);
            int nanos = (int) varint();
            Performance p = new Performance(
                    Instant.ofEpochSecond(seconds, nanos),
                    varint(),
                    varint(),
                    varint(),
                    varint(),
                    varint(),
                    (int) varint(),
                    varint(),
                    List.of(),
                    null);
            return new StartupRecord(
                    null,
                    type,
                    null,
                    agent,
                    null,
                    (flags & READY) != 0 ? Outcome.READY : Outcome.FAILED,
                    null,
                    (flags & STAGED) != 0,
                    List.of(),
                    p);
        }

        private long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
                if (shift > 63) {
                    throw new IllegalStateException("a number longer than 64 bits in the digest");
                }
            }
        }
    }
}
