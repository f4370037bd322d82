package dev.fleetdeck.startup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.fleetdeck.startup.StartupRecord.Outcome;
import dev.fleetdeck.startup.StartupRecord.Performance;
import dev.fleetdeck.startup.StartupRecord.PlacementAttempt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one reader and writer of a startup record's JSON line: the journal, Redis, the command line
 * and the window all go through it, so a line is the same record (or the same problem, worded the
 * same way) wherever it is read. {@link #encode} writes one line; {@link #read} reads a journal of
 * launches, one JSON object a line, handing each record on as soon as it is read. A line that is not a valid launch — bad or truncated JSON, a wrong type, a missing
 * {@code performance}, a number past 64 bits, a negative duration — is reported and skipped: one
 * torn write must not hide a week of launches. Unknown fields are ignored, blank lines skipped.
 *
 * <p>Each line gets its own streaming parser reading only the fields a record has (databind would
 * build a tree or go through reflection; at a million lines the difference is seconds). Missing
 * phase durations read as 0, as older journals have no {@code placementDurationMs}; a fractional
 * duration (JavaScript's {@code performance.now()}) is rounded to the millisecond.
 *
 * <p>{@link Detail#TIMINGS} reads only what the analyzer uses (type, agent, outcome, staged and the
 * performance figures but the status check offsets); the other fields are skipped
 * unread (still checked to be well-formed JSON, not checked for type) and left null or empty.
 * At a million lines that is a third less time. Timings lines are first tried by
 * {@link TimingsScanner}, which reads clean lines straight from the bytes and hands anything it is
 * not sure of to the Jackson path: the same records, and the same problems worded the same way.
 */
public final class StartupRecordCodec {
    /** A longer line is not a launch record; refusing it keeps a corrupt file from taking the heap. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final JsonFactory json;
    private final boolean full;
    private final boolean scan;
    private final Detail detail;

    /** How much of each record to read. */
    public enum Detail {
        /** Every field of {@link StartupRecord}. */
        FULL,
        /** Type, agent, outcome, staged and the performance figures except the status check offsets. */
        TIMINGS
    }

    /** A reader of whole records. */
    public StartupRecordCodec() {
        this(Detail.FULL);
    }

    public StartupRecordCodec(Detail detail) {
        this(new JsonFactory(), detail);
    }

    public StartupRecordCodec(JsonFactory json, Detail detail) {
        this(json, detail, true);
    }

    /**
     * @param scan whether timings lines try {@link TimingsScanner} before Jackson; off only to
     *             measure what the scanner saves ({@code AnalyzerBench scanner})
     */
    public StartupRecordCodec(JsonFactory json, Detail detail, boolean scan) {
        this.json = json;
        this.detail = detail;
        this.full = detail == Detail.FULL;
        this.scan = scan && !full;
    }

    /** How much of each record this codec reads. */
    public Detail detail() {
        return detail;
    }

    /**
     * One record as its JSON line (without the line end): the one form every store writes, so the
     * journal, Redis and {@code records --json} hold the same bytes for the same launch.
     */
    public String encode(StartupRecord r) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("sessionId", r.sessionId());
            g.writeStringField("workspaceType", r.workspaceType());
            g.writeStringField("user", r.user());
            g.writeStringField("agent", r.agent());
            g.writeStringField("containerId", r.containerId());
            g.writeStringField(
                    "outcome", r.outcome() == null ? null : r.outcome().json());
            g.writeStringField("error", r.error());
            g.writeBooleanField("staged", r.staged());
            g.writeArrayFieldStart("attempts");
            for (PlacementAttempt a : r.attempts()) {
                g.writeStartObject();
                g.writeStringField("agent", a.agent());
                g.writeStringField("outcome", a.outcome());
                g.writeStringField("error", a.error());
                g.writeNumberField("startOffsetMs", a.startOffsetMs());
                g.writeNumberField("durationMs", a.durationMs());
                g.writeEndObject();
            }
            g.writeEndArray();
            Performance p = r.performance();
            if (p == null) {
                g.writeNullField("performance");
            } else {
                g.writeObjectFieldStart("performance");
                g.writeStringField(
                        "provisioningStartedAt",
                        p.provisioningStartedAt() == null
                                ? null
                                : p.provisioningStartedAt().toString());
                g.writeNumberField("quotaCheckDurationMs", p.quotaCheckDurationMs());
                g.writeNumberField("placementDurationMs", p.placementDurationMs());
                g.writeNumberField("sessionCreateDurationMs", p.sessionCreateDurationMs());
                g.writeNumberField("monitoringDurationMs", p.monitoringDurationMs());
                g.writeNumberField("totalStartupTimeMs", p.totalStartupTimeMs());
                g.writeNumberField("statusCheckAttempts", p.statusCheckAttempts());
                g.writeNumberField("averageStatusCheckDurationMs", p.averageStatusCheckDurationMs());
                g.writeArrayFieldStart("statusCheckOffsetsMs");
                for (long o : p.statusCheckOffsetsMs()) {
                    g.writeNumber(o);
                }
                g.writeEndArray();
                g.writeStringField("readinessSource", p.readinessSource());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does no I/O.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * One line read as {@link #read} reads each line: the record, or null after telling
     * {@code problems} why (numbered {@code lineNumber}). For stores that hold records apart
     * (Redis members), so their bad entries are worded as the journal's bad lines.
     */
    public StartupRecord decode(String line, long lineNumber, Consumer<? super LineProblem> problems) {
        StartupRecord[] out = {null};
        Counter counter =
                new Counter(r -> out[0] = r, p -> problems.accept(new LineProblem(lineNumber, p.message())), false);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        counter.line(bytes, 0, bytes.length);
        return out[0];
    }

    /** How a read went: lines seen (blank ones too), records handed on, problem lines skipped. */
    public record ReadSummary(long lines, long records, long problems) {}

    public ReadSummary read(Path file, Consumer<? super StartupRecord> sink, Consumer<? super LineProblem> problems)
            throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, sink, problems);
        }
    }

    /** Below this a file is read on one thread: starting a second costs more than it saves. */
    public static final long MIN_BYTES_PER_RANGE = 8L << 20;
    /** Problems a later range holds back until the lines before it are counted; past this it is read again. */
    static final int MAX_HELD_PROBLEMS = 10_000;

    /** How many ranges {@link #read(Path, MergeableSink, Consumer, int)} should split a file of this size into. */
    public static int rangesFor(long fileBytes) {
        long bySize = Math.max(1, fileBytes / MIN_BYTES_PER_RANGE);
        return (int) Math.min(bySize, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Reads a file into an accumulator on up to {@code ranges} threads, with the same outcome as
     * {@link #read(Path, Consumer, Consumer)} feeding it: the same report, the same problems with the
     * same (file) line numbers, in line order. The file is cut into byte ranges at line ends; each
     * range is read by its own reader into its own accumulator, and those are merged in file order.
     *
     * <p>Problems of the first range go to {@code problems} as they are found; those of later ranges
     * once the lines before them are counted. All calls to {@code problems} are made from this thread.
     * A later range is read a second time, in order, in the two cases a merge could not promise
     * identical results: more than {@link #MAX_HELD_PROBLEMS} problems to hold, or a sum reaching
     * 2<sup>53</sup> ms (where adding in another order could round differently).
     */
    public <S extends MergeableSink<S>> ReadSummary read(
            Path file, S into, Consumer<? super LineProblem> problems, int ranges) throws IOException {
        long[] cuts = cuts(file, ranges);
        if (cuts.length <= 2) {
            return read(file, into, problems);
        }
        return read(file, cuts, 0, into, problems);
    }

    /**
     * Reads the bytes [{@code from}, {@code to}) of a file as {@link #read(Path, MergeableSink,
     * Consumer, int)} reads a whole one, numbering lines from {@code linesBefore + 1}: the part of a
     * journal after what a digest covers. {@code from} must be 0 or just after a {@code \n}; a byte
     * order mark is looked for only at 0.
     */
    public <S extends MergeableSink<S>> ReadSummary read(
            Path file, long from, long to, long linesBefore, S into, Consumer<? super LineProblem> problems, int ranges)
            throws IOException {
        long[] cuts = cuts(file, from, to, ranges);
        return read(file, cuts, linesBefore, into, problems);
    }

    private <S extends MergeableSink<S>> ReadSummary read(
            Path file, long[] cuts, long linesBefore, S into, Consumer<? super LineProblem> problems)
            throws IOException {
        Consumer<? super LineProblem> numbered = linesBefore == 0
                ? problems
                : p -> problems.accept(new LineProblem(linesBefore + p.lineNumber(), p.message()));
        if (cuts.length <= 2) {
            return readRange(file, cuts[0], cuts[cuts.length - 1], new Counter(into, numbered, cuts[0] == 0));
        }
        int n = cuts.length - 1;
        List<S> accs = new ArrayList<>(n);
        List<List<LineProblem>> held = new ArrayList<>(n);
        Counter[] counters = new Counter[n];
        accs.add(into);
        held.add(null);
        counters[0] = new Counter(into, numbered, cuts[0] == 0);
        for (int i = 1; i < n; i++) {
            accs.add(into.emptyCopy());
            List<LineProblem> list = new ArrayList<>();
            held.add(list);
            counters[i] = new Counter(
                    accs.get(i),
                    p -> {
                        if (list.size() < MAX_HELD_PROBLEMS) {
                            list.add(p);
                        }
                    },
                    false);
        }
        Thread[] workers = new Thread[n];
        IOException[] failures = new IOException[n];
        for (int i = 1; i < n; i++) {
            int range = i;
            workers[i] = new Thread(
                    () -> {
                        try {
                            readRange(file, cuts[range], cuts[range + 1], counters[range]);
                        } catch (IOException e) {
                            failures[range] = e;
                        }
                    },
                    "startup-reader-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
        readRange(file, cuts[0], cuts[1], counters[0]);
        for (int i = 1; i < n; i++) {
            try {
                workers[i].join();
            } catch (InterruptedException e) {
                for (Thread w : workers) {
                    if (w != null) {
                        w.interrupt();
                    }
                }
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + file);
            }
            if (failures[i] != null) {
                throw failures[i];
            }
        }
        long lines = counters[0].lines;
        long records = counters[0].records;
        long problemCount = counters[0].problemCount;
        for (int i = 1; i < n; i++) {
            Counter c = counters[i];
            if (c.problemCount <= MAX_HELD_PROBLEMS && into.mergesExactly(accs.get(i))) {
                into.merge(accs.get(i));
                for (LineProblem p : held.get(i)) {
                    numbered.accept(new LineProblem(lines + p.lineNumber(), p.message()));
                }
            } else {
                // Read it again after the lines before it: sequential, so identical by construction.
                long offset = lines;
                c = new Counter(
                        into, p -> numbered.accept(new LineProblem(offset + p.lineNumber(), p.message())), false);
                readRange(file, cuts[i], cuts[i + 1], c);
            }
            held.set(i, null);
            accs.set(i, null);
            lines += c.lines;
            records += c.records;
            problemCount += c.problemCount;
        }
        return new ReadSummary(lines, records, problemCount);
    }

    private ReadSummary readRange(Path file, long from, long to, Counter counter) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(new RangeStream(ch, from, to), counter);
        }
    }

    /**
     * Offsets cutting the file into at most {@code ranges} non-empty ranges, each but the last
     * ending just after a {@code \n}: first 0, last the file's size.
     */
    static long[] cuts(Path file, int ranges) throws IOException {
        return cuts(file, 0, Long.MAX_VALUE, ranges);
    }

    /** The same over [from, min(to, size)), with at most one range per {@link #MIN_BYTES_PER_RANGE}. */
    private static long[] cuts(Path file, long start, long to, int ranges) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = Math.max(start, Math.min(to, ch.size()));
            if (to != Long.MAX_VALUE) {
                ranges = (int) Math.min(ranges, Math.max(1, (size - start) / MIN_BYTES_PER_RANGE));
            }
            List<Long> cuts = new ArrayList<>();
            cuts.add(start);
            ByteBuffer buf = ByteBuffer.allocate(1 << 14);
            for (int k = 1; k < ranges; k++) {
                long from = Math.max(start + (size - start) * k / ranges, cuts.get(cuts.size() - 1));
                long cut = nextLineStart(ch, from, size, buf);
                if (cut >= size) {
                    break;
                }
                if (cut > cuts.get(cuts.size() - 1)) {
                    cuts.add(cut);
                }
            }
            cuts.add(size);
            return cuts.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** The offset just after the first {@code \n} at or after {@code from}, or {@code size} if none. */
    private static long nextLineStart(FileChannel ch, long from, long size, ByteBuffer buf) throws IOException {
        long pos = from;
        while (pos < size) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
            pos += n;
        }
        return size;
    }

    /** The bytes [from, to) of a channel, by positional reads: channels can be shared, positions not. */
    private static final class RangeStream extends InputStream {
        private final FileChannel ch;
        private long pos;
        private final long end;

        RangeStream(FileChannel ch, long from, long to) {
            this.ch = ch;
            this.pos = from;
            this.end = to;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) {
                return -1;
            }
            int want = (int) Math.min(len, end - pos);
            int n = ch.read(ByteBuffer.wrap(b, off, want), pos);
            if (n < 0) {
                return -1;
            }
            pos += n;
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }
    }

    /** Reads UTF-8 bytes, splitting lines on {@code \n} (a {@code \r} before it is ignored). */
    public ReadSummary read(
            InputStream in, Consumer<? super StartupRecord> sink, Consumer<? super LineProblem> problems)
            throws IOException {
        return read(in, new Counter(sink, problems, true));
    }

    private ReadSummary read(InputStream in, Counter counter) throws IOException {
        byte[] buf = new byte[1 << 16];
        int start = 0;
        int end = 0;
        boolean skippingLongLine = false;
        while (true) {
            int nl = indexOf(buf, start, end);
            if (nl >= 0) {
                if (skippingLongLine) {
                    skippingLongLine = false;
                } else {
                    counter.line(buf, start, nl - start);
                }
                start = nl + 1;
                continue;
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buf.length) {
                if (buf.length >= MAX_LINE_BYTES) {
                    if (!skippingLongLine) {
                        counter.tooLong();
                        skippingLongLine = true;
                    }
                    end = 0;
                } else {
                    buf = Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES, buf.length * 2));
                }
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                if (end > 0 && !skippingLongLine) {
                    counter.line(buf, 0, end);
                }
                return counter.summary();
            }
            end += n;
        }
    }

    /** Reads characters, splitting lines as {@link BufferedReader#readLine} does. */
    public ReadSummary read(Reader in, Consumer<? super StartupRecord> sink, Consumer<? super LineProblem> problems)
            throws IOException {
        Counter counter = new Counter(sink, problems, true);
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        for (String line; (line = lines.readLine()) != null; ) {
            counter.line(line);
        }
        return counter.summary();
    }

    /** Eight bytes at a time, as a little-endian long (the order only decides which byte is first). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The first {@code \n} in [from, to), or -1. A fifth of a million-line read went to a
     * byte-at-a-time loop here; this tests eight bytes per step (a byte of x is zero exactly where
     * the line end is, and the lowest flagged byte is always a true one).
     */
    private static int indexOf(byte[] buf, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Numbers the lines of one read and sends each to the sink or the problems. */
    private final class Counter {
        private final Consumer<? super StartupRecord> sink;
        private final Consumer<? super LineProblem> problems;
        /** Whether line 1 here is the file's line 1, where a byte order mark may stand. */
        private final boolean fileStart;
        /** The fast path for clean timings lines; Jackson reads whatever it gives up on. */
        private final TimingsScanner scanner = scan ? new TimingsScanner() : null;

        private long lines;
        private long records;
        private long problemCount;

        Counter(Consumer<? super StartupRecord> sink, Consumer<? super LineProblem> problems, boolean fileStart) {
            this.sink = sink;
            this.problems = problems;
            this.fileStart = fileStart;
        }

        void line(byte[] buf, int off, int len) {
            lines++;
            if (len > 0 && buf[off + len - 1] == '\r') {
                len--;
            }
            if (lines == 1
                    && fileStart
                    && len >= 3
                    && buf[off] == (byte) 0xEF
                    && buf[off + 1] == (byte) 0xBB
                    && buf[off + 2] == (byte) 0xBF) {
                off += 3;
                len -= 3;
            }
            if (isBlank(buf, off, len)) {
                return;
            }
            if (scanner != null) {
                StartupRecord r = scanner.scan(buf, off, len);
                if (r != null) {
                    records++;
                    sink.accept(r);
                    return;
                }
            }
            try (JsonParser p = json.createParser(buf, off, len)) {
                decodeInto(p);
            } catch (IOException e) {
                // Parser construction over an array does no I/O; decodeInto reports what it finds.
                problem("could not be read: " + e.getMessage());
            }
        }

        void line(String line) {
            lines++;
            if (lines == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                return;
            }
            try (JsonParser p = json.createParser(line)) {
                decodeInto(p);
            } catch (IOException e) {
                problem("could not be read: " + e.getMessage());
            }
        }

        void tooLong() {
            lines++;
            problem("longer than " + MAX_LINE_BYTES + " bytes: not a launch record");
        }

        private void decodeInto(JsonParser p) {
            StartupRecord r;
            try {
                r = decode(p);
            } catch (BadField e) {
                problem(e.getMessage());
                return;
            } catch (JsonProcessingException e) {
                String at = path(p);
                problem("not valid JSON" + (at.isEmpty() ? "" : " at " + at) + ": "
                        + firstLine(e.getOriginalMessage()));
                return;
            } catch (IOException | RuntimeException e) {
                // The contract is "never fatal": whatever a line holds, the rest of the journal is read.
                problem("could not be read: " + e);
                return;
            }
            records++;
            sink.accept(r);
        }

        private void problem(String message) {
            problemCount++;
            problems.accept(new LineProblem(lines, message));
        }

        ReadSummary summary() {
            return new ReadSummary(lines, records, problemCount);
        }
    }

    private static boolean isBlank(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private StartupRecord decode(JsonParser p) throws IOException, BadField {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw new BadField("", "expected a JSON object, got " + describe(p, t));
        }
        String sessionId = null;
        String type = null;
        String user = null;
        String agent = null;
        String containerId = null;
        Outcome outcome = null;
        String error = null;
        boolean staged = false;
        List<PlacementAttempt> attempts = List.of();
        Performance performance = null;
        for (String name; (name = p.nextFieldName()) != null; ) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "workspaceType" -> type = string(p, v, name);
                case "agent" -> agent = string(p, v, name);
                case "outcome" -> outcome = outcome(p, v);
                case "performance" -> performance = performance(p, v);
                case "staged" -> staged = bool(p, v, name);
                default -> {
                    if (!full) {
                        // An unread string is skipped without being decoded; that is the saving.
                        p.skipChildren();
                        continue;
                    }
                    switch (name) {
                        case "sessionId" -> sessionId = string(p, v, name);
                        case "user" -> user = string(p, v, name);
                        case "containerId" -> containerId = string(p, v, name);
                        case "error" -> error = string(p, v, name);
                        case "attempts" -> attempts = attempts(p, v);
                        default -> p.skipChildren();
                    }
                }
            }
        }
        JsonToken after = p.nextToken();
        if (after != null) {
            throw new BadField("", "expected the end of the line after the object, got " + describe(p, after));
        }
        require(type != null, "workspaceType", "expected a string, missing");
        require(outcome != null, "outcome", "expected \"ready\" or \"failed\", missing");
        require(performance != null, "performance", "expected an object, missing");
        return new StartupRecord(
                sessionId, type, user, agent, containerId, outcome, error, staged, attempts, performance);
    }

    private Performance performance(JsonParser p, JsonToken t) throws IOException, BadField {
        if (t != JsonToken.START_OBJECT) {
            throw new BadField("performance", "expected an object, got " + describe(p, t));
        }
        Instant startedAt = null;
        long quota = 0;
        long placement = 0;
        long create = 0;
        long monitoring = 0;
        long total = -1;
        int checks = 0;
        long avgCheck = 0;
        List<Long> offsets = List.of();
        String readiness = null;
        for (String name; (name = p.nextFieldName()) != null; ) {
            JsonToken v = p.nextToken();
            String field = "performance." + name;
            switch (name) {
                case "provisioningStartedAt" -> startedAt = instant(p, v, field);
                case "quotaCheckDurationMs" -> quota = duration(p, v, field);
                case "placementDurationMs" -> placement = duration(p, v, field);
                case "sessionCreateDurationMs" -> create = duration(p, v, field);
                case "monitoringDurationMs" -> monitoring = duration(p, v, field);
                case "totalStartupTimeMs" -> total = v == JsonToken.VALUE_NULL ? -1 : duration(p, v, field);
                case "statusCheckAttempts" -> checks = count(p, v, field);
                case "averageStatusCheckDurationMs" -> avgCheck = duration(p, v, field);
                case "statusCheckOffsetsMs" -> {
                    if (full) {
                        offsets = durations(p, v, field);
                    } else {
                        p.skipChildren();
                    }
                }
                case "readinessSource" -> {
                    // Checked on both paths, so a line is a record or a problem whatever is read of it;
                    // timings only leave the value unread (an object here once misread the fields inside).
                    if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
                        throw new BadField(field, "expected a string, got " + describe(p, v));
                    }
                    readiness = full && v == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                default -> p.skipChildren();
            }
        }
        require(startedAt != null, "performance.provisioningStartedAt", "expected an ISO-8601 instant, missing");
        require(total >= 0, "performance.totalStartupTimeMs", "expected a whole number of milliseconds, missing");
        return new Performance(
                startedAt, quota, placement, create, monitoring, total, checks, avgCheck, offsets, readiness);
    }

    private static List<PlacementAttempt> attempts(JsonParser p, JsonToken t) throws IOException, BadField {
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadField("attempts", "expected an array, got " + describe(p, t));
        }
        List<PlacementAttempt> out = new ArrayList<>(2);
        for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; ) {
            String at = "attempts." + out.size();
            if (e != JsonToken.START_OBJECT) {
                throw new BadField(at, "expected an object, got " + describe(p, e));
            }
            String agent = null;
            String outcome = null;
            String error = null;
            long startOffset = 0;
            long duration = 0;
            for (String name; (name = p.nextFieldName()) != null; ) {
                JsonToken v = p.nextToken();
                String field = at + "." + name;
                switch (name) {
                    case "agent" -> agent = string(p, v, field);
                    case "outcome" -> outcome = string(p, v, field);
                    case "error" -> error = string(p, v, field);
                    case "startOffsetMs" -> startOffset = duration(p, v, field);
                    case "durationMs" -> duration = duration(p, v, field);
                    default -> p.skipChildren();
                }
            }
            out.add(new PlacementAttempt(agent, outcome, error, startOffset, duration));
        }
        return out;
    }

    private static List<Long> durations(JsonParser p, JsonToken t, String field) throws IOException, BadField {
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadField(field, "expected an array of milliseconds, got " + describe(p, t));
        }
        List<Long> out = new ArrayList<>();
        for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; ) {
            out.add(duration(p, e, field + "." + out.size()));
        }
        return out;
    }

    private static String string(JsonParser p, JsonToken t, String field) throws IOException, BadField {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw new BadField(field, "expected a string, got " + describe(p, t));
    }

    private static boolean bool(JsonParser p, JsonToken t, String field) throws IOException, BadField {
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        throw new BadField(field, "expected true or false, got " + describe(p, t));
    }

    private static Outcome outcome(JsonParser p, JsonToken t) throws IOException, BadField {
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            try {
                return Outcome.parse(s);
            } catch (IllegalArgumentException e) {
                throw new BadField("outcome", "expected \"ready\" or \"failed\", got \"" + shorten(s) + "\"");
            }
        }
        throw new BadField("outcome", "expected \"ready\" or \"failed\", got " + describe(p, t));
    }

    private static Instant instant(JsonParser p, JsonToken t, String field) throws IOException, BadField {
        if (t != JsonToken.VALUE_STRING) {
            throw new BadField(field, "expected an ISO-8601 instant, got " + describe(p, t));
        }
        String s = p.getText();
        try {
            return IsoInstant.parse(s);
        } catch (DateTimeException e) {
            throw new BadField(
                    field, "expected an ISO-8601 instant such as 2026-01-15T10:00:00.000Z, got \"" + shorten(s) + "\"");
        }
    }

    /** Milliseconds: a whole number (or one rounded from a fraction) in 0..2^63−1; null reads as 0. */
    private static long duration(JsonParser p, JsonToken t, String field) throws IOException, BadField {
        long v;
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new BadField(field, "expected milliseconds that fit in 64 bits, got " + shorten(p.getText()));
            }
            v = p.getLongValue();
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (!(Math.abs(d) < 9.2e18)) {
                throw new BadField(field, "expected milliseconds that fit in 64 bits, got " + shorten(p.getText()));
            }
            v = Math.round(d);
        } else if (t == JsonToken.VALUE_NULL) {
            return 0;
        } else {
            throw new BadField(field, "expected a whole number of milliseconds, got " + describe(p, t));
        }
        if (v < 0) {
            throw new BadField(field, "expected a duration of 0 ms or more, got " + v);
        }
        return v;
    }

    private static int count(JsonParser p, JsonToken t, String field) throws IOException, BadField {
        long v = duration(p, t, field);
        if (v > Integer.MAX_VALUE) {
            throw new BadField(field, "expected a count up to " + Integer.MAX_VALUE + ", got " + v);
        }
        return (int) v;
    }

    private static void require(boolean ok, String field, String expected) throws BadField {
        if (!ok) {
            throw new BadField(field, expected);
        }
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            return "the end of the line";
        }
        return switch (t) {
            case VALUE_STRING -> "a string \"" + shorten(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + shorten(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Where the parser stood, as a dotted path: {@code performance.totalStartupTimeMs}. */
    private static String path(JsonParser p) {
        String pointer = p.getParsingContext().pathAsPointer().toString();
        return pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.');
    }

    /** A field that is there but wrong, or missing; the message names it. */
    private static final class BadField extends Exception {
        BadField(String field, String expected) {
            // No stack trace: a bad line is an expected event, and a corrupt file may have many.
            super(field.isEmpty() ? expected : field + ": " + expected, null, false, false);
        }
    }
}
