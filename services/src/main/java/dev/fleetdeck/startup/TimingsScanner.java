package dev.fleetdeck.startup;

import dev.fleetdeck.startup.StartupRecord.Outcome;
import dev.fleetdeck.startup.StartupRecord.Performance;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The fast path of {@link StartupRecordCodec.Detail#TIMINGS}: reads a line's bytes directly for
 * the fields the analyzer needs, and checks the rest is well-formed JSON. It only ever accepts a
 * line Jackson's path would read to the same record; anything it is not sure of — escapes in a
 * name, a fraction, a non-ASCII byte, a wrong type, a missing field, bad JSON — gives null, and the
 * line goes to Jackson, which reads it or reports it as it always has. So problems and their
 * messages are Jackson's, and only clean lines (nearly all of a journal) take the fast path.
 */
final class TimingsScanner {
    private static final int MAX_DEPTH = 200;
    private static final int MAX_NUMBER_CHARS = 100;
    private static final int MAX_NAME_BYTES = 1_000;

    private static final byte[] WORKSPACE_TYPE = ascii("workspaceType");
    private static final byte[] AGENT = ascii("agent");
    private static final byte[] OUTCOME = ascii("outcome");
    private static final byte[] STAGED = ascii("staged");
    private static final byte[] PERFORMANCE = ascii("performance");
    private static final byte[] STARTED_AT = ascii("provisioningStartedAt");
    private static final byte[] QUOTA = ascii("quotaCheckDurationMs");
    private static final byte[] PLACEMENT = ascii("placementDurationMs");
    private static final byte[] CREATE = ascii("sessionCreateDurationMs");
    private static final byte[] MONITORING = ascii("monitoringDurationMs");
    private static final byte[] TOTAL = ascii("totalStartupTimeMs");
    private static final byte[] CHECKS = ascii("statusCheckAttempts");
    private static final byte[] AVG_CHECK = ascii("averageStatusCheckDurationMs");
    private static final byte[] READINESS = ascii("readinessSource");
    private static final byte[] READY = ascii("ready");
    private static final byte[] FAILED = ascii("failed");

    /** Thrown (without a stack) when the line is for Jackson to read. */
    @SuppressWarnings("StaticAssignmentOfThrowable") // stackless and never shown: a cheap signal on the hot path
    private static final RuntimeException NOT_SURE = new RuntimeException("not sure", null, false, false) {};

    private final Strings strings = new Strings();
    private byte[] b;
    private int i;
    private int end;
    private int nameStart;
    private int nameEnd;

    /** The record Jackson's timings path would read from this line, or null to let it read the line. */
    StartupRecord scan(byte[] buf, int off, int len) {
        b = buf;
        i = off;
        end = off + len;
        try {
            return record();
        } catch (RuntimeException e) {
            // NOT_SURE, or an index past the line: either way Jackson decides.
            return null;
        } finally {
            b = null;
        }
    }

    private StartupRecord record() {
        ws();
        expect('{');
        String type = null;
        String agent = null;
        Outcome outcome = null;
        boolean staged = false;
        Performance performance = null;
        ws();
        if (peek() == '}') {
            i++;
        } else {
            while (true) {
                name();
                ws();
                expect(':');
                ws();
                if (nameIs(WORKSPACE_TYPE)) {
                    type = stringOrNull();
                } else if (nameIs(AGENT)) {
                    agent = stringOrNull();
                } else if (nameIs(OUTCOME)) {
                    outcome = outcome();
                } else if (nameIs(STAGED)) {
                    staged = bool();
                } else if (nameIs(PERFORMANCE)) {
                    performance = performance();
                } else {
                    skipValue(0);
                }
                ws();
                if (!more('}')) {
                    break;
                }
            }
        }
        ws();
        if (i != end || type == null || outcome == null || performance == null) {
            throw NOT_SURE;
        }
        return new StartupRecord(null, type, null, agent, null, outcome, null, staged, List.of(), performance);
    }

    private Performance performance() {
        expect('{');
        Instant startedAt = null;
        long quota = 0;
        long placement = 0;
        long create = 0;
        long monitoring = 0;
        long total = -1;
        int checks = 0;
        long avgCheck = 0;
        ws();
        if (peek() == '}') {
            i++;
        } else {
            while (true) {
                name();
                ws();
                expect(':');
                ws();
                if (nameIs(STARTED_AT)) {
                    startedAt = instant();
                } else if (nameIs(QUOTA)) {
                    quota = duration();
                } else if (nameIs(PLACEMENT)) {
                    placement = duration();
                } else if (nameIs(CREATE)) {
                    create = duration();
                } else if (nameIs(MONITORING)) {
                    monitoring = duration();
                } else if (nameIs(TOTAL)) {
                    total = peek() == 'n' ? nullThen(-1) : duration();
                } else if (nameIs(CHECKS)) {
                    long v = duration();
                    if (v > Integer.MAX_VALUE) {
                        throw NOT_SURE;
                    }
                    checks = (int) v;
                } else if (nameIs(AVG_CHECK)) {
                    avgCheck = duration();
                } else if (nameIs(READINESS)) {
                    // Checked as every path checks it (a string or null), though timings do not keep it.
                    stringOrNull();
                } else {
                    skipValue(1);
                }
                ws();
                if (!more('}')) {
                    break;
                }
            }
        }
        if (startedAt == null || total < 0) {
            throw NOT_SURE;
        }
        return new Performance(
                startedAt, quota, placement, create, monitoring, total, checks, avgCheck, List.of(), null);
    }

    /** After a member: true on a comma (more follow), false on the closing byte, else not sure. */
    private boolean more(char close) {
        byte c = at(i++);
        if (c == ',') {
            ws();
            return true;
        }
        if (c == close) {
            return false;
        }
        throw NOT_SURE;
    }

    private long nullThen(long value) {
        literal("null");
        return value;
    }

    private void name() {
        expect('"');
        byte[] b = this.b;
        int limit = Math.min(end, i + MAX_NAME_BYTES);
        int k = i;
        while (k < limit) {
            byte c = b[k];
            if (c == '"') {
                nameStart = i;
                nameEnd = k;
                i = k + 1;
                return;
            }
            if (c == '\\' || c < 0x20) {
                throw NOT_SURE;
            }
            k++;
        }
        throw NOT_SURE;
    }

    private boolean nameIs(byte[] name) {
        // The length first: the names asked for differ in length nearly always, and a call less per miss counts here.
        return nameEnd - nameStart == name.length && Arrays.equals(b, nameStart, nameEnd, name, 0, name.length);
    }

    /** A string without escapes, as a (shared) String; null for {@code null}. */
    private String stringOrNull() {
        if (peek() == 'n') {
            literal("null");
            return null;
        }
        int from = plainString();
        return strings.get(b, from, i - 1);
    }

    /** Reads a string of printable ASCII without escapes; returns where its content starts (i is past the quote). */
    private int plainString() {
        expect('"');
        int from = i;
        while (true) {
            byte c = at(i);
            if (c == '"') {
                break;
            }
            if (c == '\\' || c < 0x20) {
                throw NOT_SURE;
            }
            i++;
        }
        i++;
        return from;
    }

    /** {@code true} or {@code false}; null, as Jackson's path reads it, is not sure. */
    private boolean bool() {
        if (peek() == 't') {
            literal("true");
            return true;
        }
        literal("false");
        return false;
    }

    private Outcome outcome() {
        int from = plainString();
        int to = i - 1;
        if (Arrays.equals(b, from, to, READY, 0, READY.length)) {
            return Outcome.READY;
        }
        if (Arrays.equals(b, from, to, FAILED, 0, FAILED.length)) {
            return Outcome.FAILED;
        }
        throw NOT_SURE;
    }

    private Instant instant() {
        int from = plainString();
        try {
            return IsoInstant.parse(new String(b, from, i - 1 - from, StandardCharsets.ISO_8859_1));
        } catch (DateTimeException e) {
            throw NOT_SURE;
        }
    }

    /** Whole milliseconds written as plain digits (no sign, fraction or exponent); null reads as 0. */
    private long duration() {
        byte c = peek();
        if (c == 'n') {
            return nullThen(0);
        }
        if (c < '0' || c > '9') {
            throw NOT_SURE;
        }
        int from = i;
        long v = 0;
        while (i < end && (c = b[i]) >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
            i++;
        }
        int digits = i - from;
        if (digits > 18 || (digits > 1 && b[from] == '0') || (i < end && (c == '.' || c == 'e' || c == 'E'))) {
            throw NOT_SURE;
        }
        return v;
    }

    /** Skips one value, checking it is JSON as Jackson reads it; not sure of anything unusual. */
    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw NOT_SURE;
        }
        byte c = peek();
        switch (c) {
            case '"' -> skipString();
            case '{' -> {
                i++;
                ws();
                if (peek() == '}') {
                    i++;
                    return;
                }
                while (true) {
                    skipString();
                    ws();
                    expect(':');
                    ws();
                    skipValue(depth + 1);
                    ws();
                    if (!more('}')) {
                        return;
                    }
                }
            }
            case '[' -> {
                i++;
                ws();
                if (peek() == ']') {
                    i++;
                    return;
                }
                while (true) {
                    skipValue(depth + 1);
                    ws();
                    if (!more(']')) {
                        return;
                    }
                }
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> skipNumber();
        }
    }

    private void skipString() {
        expect('"');
        byte[] b = this.b;
        int end = this.end;
        int i = this.i;
        while (i < end) {
            byte c = b[i++];
            if (c == '"') {
                this.i = i;
                return;
            }
            if (c < 0x20) {
                // Control characters and every non-ASCII byte (negative as a byte): Jackson's to judge.
                throw NOT_SURE;
            }
            if (c == '\\') {
                if (i >= end) {
                    throw NOT_SURE;
                }
                byte e = b[i++];
                if (e == 'u') {
                    if (i + 4 > end) {
                        throw NOT_SURE;
                    }
                    for (int k = 0; k < 4; k++) {
                        if (Character.digit(b[i++], 16) < 0) {
                            throw NOT_SURE;
                        }
                    }
                } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
                        && e != 't') {
                    throw NOT_SURE;
                }
            }
        }
        throw NOT_SURE;
    }

    /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    private void skipNumber() {
        int from = i;
        if (peek() == '-') {
            i++;
        }
        int intStart = i;
        digits();
        if (b[intStart] == '0' && i - intStart > 1) {
            throw NOT_SURE;
        }
        if (i < end && b[i] == '.') {
            i++;
            digits();
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            digits();
        }
        if (i - from > MAX_NUMBER_CHARS) {
            throw NOT_SURE;
        }
    }

    /** One or more digits. */
    private void digits() {
        int from = i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        if (i == from) {
            throw NOT_SURE;
        }
    }

    private void literal(String word) {
        for (int k = 0; k < word.length(); k++) {
            if (at(i++) != word.charAt(k)) {
                throw NOT_SURE;
            }
        }
    }

    private void ws() {
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            i++;
        }
    }

    /** The byte at k, which must be on this line. */
    private byte at(int k) {
        if (k >= end) {
            throw NOT_SURE;
        }
        return b[k];
    }

    private byte peek() {
        if (i >= end) {
            throw NOT_SURE;
        }
        return b[i];
    }

    private void expect(char c) {
        if (peek() != c) {
            throw NOT_SURE;
        }
        i++;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The Strings of the few names a journal repeats (types, agents): one String per name instead
     * of one per line. Only for ASCII (the scanner is not sure of any other byte).
     */
    private static final class Strings {
        private static final int SIZE = 512;
        private final byte[][] keys = new byte[SIZE][];
        private final String[] values = new String[SIZE];

        String get(byte[] buf, int from, int to) {
            for (int k = from; k < to; k++) {
                if (buf[k] < 0) {
                    throw NOT_SURE;
                }
            }
            int h = 1;
            for (int k = from; k < to; k++) {
                h = 31 * h + buf[k];
            }
            int slot = (h ^ (h >>> 16)) & (SIZE - 1);
            byte[] key = keys[slot];
            if (key != null && Arrays.equals(key, 0, key.length, buf, from, to)) {
                return values[slot];
            }
            String s = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
            if (to - from <= 64) {
                keys[slot] = Arrays.copyOfRange(buf, from, to);
                values[slot] = s;
            }
            return s;
        }
    }
}
