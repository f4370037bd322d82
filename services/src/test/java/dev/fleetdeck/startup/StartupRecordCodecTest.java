package dev.fleetdeck.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.startup.StartupRecord.Outcome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class StartupRecordCodecTest {
    static final String EXAMPLE =
            "{\"sessionId\": \"s1\", \"workspaceType\": \"kali\", \"user\": \"u\", \"agent\": \"a1\","
                    + " \"outcome\": \"ready\", \"performance\": {\"provisioningStartedAt\": \"2026-01-15T10:00:00.000Z\","
                    + " \"quotaCheckDurationMs\": 250, \"placementDurationMs\": 12, \"sessionCreateDurationMs\": 15000,"
                    + " \"monitoringDurationMs\": 30000, \"totalStartupTimeMs\": 45262, \"statusCheckAttempts\": 10,"
                    + " \"averageStatusCheckDurationMs\": 150}}";

    private final StartupRecordCodec reader = new StartupRecordCodec();
    private final List<StartupRecord> records = new ArrayList<>();
    private final List<LineProblem> problems = new ArrayList<>();

    private StartupRecordCodec.ReadSummary readChars(String text) throws IOException {
        return reader.read(new StringReader(text), records::add, problems::add);
    }

    private StartupRecordCodec.ReadSummary readBytes(String text) throws IOException {
        return reader.read(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), records::add, problems::add);
    }

    @Test
    void aJournalLineBecomesTheWholeRecord() throws IOException {
        readBytes(EXAMPLE + "\n");

        assertThat(problems).isEmpty();
        assertThat(records).hasSize(1);
        StartupRecord r = records.get(0);
        assertThat(r.sessionId()).isEqualTo("s1");
        assertThat(r.workspaceType()).isEqualTo("kali");
        assertThat(r.agent()).isEqualTo("a1");
        assertThat(r.outcome()).isEqualTo(Outcome.READY);
        var p = r.performance();
        assertThat(p.provisioningStartedAt()).isEqualTo(Instant.parse("2026-01-15T10:00:00Z"));
        assertThat(List.of(
                        p.quotaCheckDurationMs(),
                        p.placementDurationMs(),
                        p.sessionCreateDurationMs(),
                        p.monitoringDurationMs(),
                        p.totalStartupTimeMs(),
                        p.averageStatusCheckDurationMs()))
                .containsExactly(250L, 12L, 15_000L, 30_000L, 45_262L, 150L);
        assertThat(p.statusCheckAttempts()).isEqualTo(10);
    }

    @Test
    void unknownFieldsAreIgnoredAndAMissingPlacementReadsAsZero() throws IOException {
        readChars("{\"future\": {\"deep\": [1, {\"x\": null}]}, \"workspaceType\": \"vscode\", \"outcome\": \"FAILED\","
                + " \"staged\": true, \"attempts\": [{\"agent\": \"a2\", \"outcome\": \"failed\", \"startOffsetMs\": 5,"
                + " \"durationMs\": 7, \"extra\": 1}], \"performance\": {\"provisioningStartedAt\": \"2026-01-15T10:00:00Z\","
                + " \"totalStartupTimeMs\": 900.6, \"statusCheckOffsetsMs\": [100, 350], \"readinessSource\": \"events\","
                + " \"new\": [\"x\"]}}");

        assertThat(problems).isEmpty();
        StartupRecord r = records.get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.staged()).isTrue();
        assertThat(r.attempts()).containsExactly(new StartupRecord.PlacementAttempt("a2", "failed", null, 5, 7));
        assertThat(r.performance().placementDurationMs()).isZero();
        assertThat(r.performance().totalStartupTimeMs()).isEqualTo(901); // 900.6 rounded
        assertThat(r.performance().statusCheckOffsetsMs()).containsExactly(100L, 350L);
        assertThat(r.performance().readinessSource()).isEqualTo("events");
    }

    static final String MIXED = String.join(
            "\n",
            EXAMPLE, // 1
            "   ", // 2
            EXAMPLE.substring(0, 90), /* torn inside "ready" */ // 3
            EXAMPLE.replace("\"quotaCheckDurationMs\": 250", "\"quotaCheckDurationMs\": \"abc\""), // 4
            "{\"workspaceType\": \"kali\", \"outcome\": \"ready\"}", // 5
            EXAMPLE.replace("45262", "99999999999999999999"), // 6
            EXAMPLE.replace("\"monitoringDurationMs\": 30000", "\"monitoringDurationMs\": -5"), // 7
            "not json at all", // 8
            "[1, 2]", // 9
            EXAMPLE.replace("\"ready\"", "\"maybe\""), // 10
            EXAMPLE.replace("2026-01-15T10:00:00.000Z", "yesterday"), // 11
            EXAMPLE + " {}", // 12
            EXAMPLE.replace("\"s1\"", "\"s13\"")); // 13

    static final List<LineProblem> MIXED_PROBLEMS = List.of(
            new LineProblem(
                    3,
                    "not valid JSON at outcome: Unexpected end-of-input: was expecting closing quote"
                            + " for a string value"),
            new LineProblem(
                    4,
                    "performance.quotaCheckDurationMs: expected a whole number of milliseconds, got a string \"abc\""),
            new LineProblem(5, "performance: expected an object, missing"),
            new LineProblem(
                    6,
                    "performance.totalStartupTimeMs: expected milliseconds that fit in 64 bits, got 99999999999999999999"),
            new LineProblem(7, "performance.monitoringDurationMs: expected a duration of 0 ms or more, got -5"),
            new LineProblem(
                    8,
                    "not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array,"
                            + " Object or token 'null', 'true' or 'false')"),
            new LineProblem(9, "expected a JSON object, got an array"),
            new LineProblem(10, "outcome: expected \"ready\" or \"failed\", got \"maybe\""),
            new LineProblem(
                    11,
                    "performance.provisioningStartedAt: expected an ISO-8601 instant such as"
                            + " 2026-01-15T10:00:00.000Z, got \"yesterday\""),
            new LineProblem(12, "expected the end of the line after the object, got an object"));

    @Test
    void malformedLinesAreReportedWithTheirLineNumbersAndSkipped() throws IOException {
        var summary = readChars(MIXED);

        assertThat(records).extracting(StartupRecord::sessionId).containsExactly("s1", "s13");
        assertThat(summary).isEqualTo(new StartupRecordCodec.ReadSummary(13, 2, 10));
        assertThat(problems)
                .extracting(LineProblem::lineNumber)
                .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(problems).containsExactlyElementsOf(MIXED_PROBLEMS);
    }

    @Test
    void bytesAndCharactersReadTheSame() throws IOException {
        readChars(MIXED);
        List<LineProblem> fromChars = List.copyOf(problems);
        List<StartupRecord> recordsFromChars = List.copyOf(records);
        problems.clear();
        records.clear();

        // Windows line ends and no newline at the end change nothing.
        readBytes(MIXED.replace("\n", "\r\n"));

        assertThat(records).isEqualTo(recordsFromChars);
        // Jackson's byte and character parsers word a torn string differently; the rest is ours, and equal.
        assertThat(problems.get(0).lineNumber()).isEqualTo(3);
        assertThat(problems.get(0).message()).startsWith("not valid JSON at outcome: Unexpected end-of-input");
        assertThat(problems.subList(1, problems.size())).isEqualTo(fromChars.subList(1, fromChars.size()));
    }

    @Test
    void readingTimingsOnlyLeavesTheOtherFieldsUnreadAndUnchecked() throws IOException {
        var timings = new StartupRecordCodec(StartupRecordCodec.Detail.TIMINGS);
        String line = EXAMPLE.replace("\"user\": \"u\"", "\"user\": 42, \"attempts\": [{\"agent\": \"a1\"}]");

        timings.read(new StringReader(line), records::add, problems::add);
        reader.read(new StringReader(line), records::add, problems::add);

        // Timings: the wrong-typed user is never looked at. Full: it is reported.
        assertThat(records).hasSize(1);
        StartupRecord r = records.get(0);
        assertThat(r.sessionId()).isNull();
        assertThat(r.attempts()).isEmpty();
        assertThat(r.workspaceType()).isEqualTo("kali");
        assertThat(r.agent()).isEqualTo("a1");
        assertThat(r.performance().totalStartupTimeMs()).isEqualTo(45_262);
        assertThat(problems).containsExactly(new LineProblem(1, "user: expected a string, got the number 42"));
    }

    @Test
    void aLineLongerThanTheLimitIsReportedOnceAndTheNextLineIsRead() throws IOException {
        String huge = "{\"pad\": \"" + "x".repeat(StartupRecordCodec.MAX_LINE_BYTES + 10) + "\"}";
        var summary = readBytes(huge + "\n" + EXAMPLE + "\n");

        assertThat(summary).isEqualTo(new StartupRecordCodec.ReadSummary(2, 1, 1));
        assertThat(problems).containsExactly(new LineProblem(1, "longer than 1048576 bytes: not a launch record"));
    }

    @Test
    void aByteOrderMarkBeforeTheFirstLineIsIgnored() throws IOException {
        readBytes("\uFEFF" + EXAMPLE);
        readChars("\uFEFF" + EXAMPLE);

        assertThat(problems).isEmpty();
        assertThat(records).hasSize(2);
    }

    @Test
    void theFastInstantPathAgreesWithInstantParse() {
        for (String s : List.of(
                "2026-01-15T10:00:00.000Z",
                "2024-02-29T23:59:59Z",
                "1970-01-01T00:00:00.1Z",
                "2026-12-31T00:00:00.123456789Z",
                "2026-01-15T10:00:00.000+02:00")) {
            assertThat(IsoInstant.parse(s)).as(s).isEqualTo(Instant.parse(s));
        }
    }

    @Property(tries = 300)
    void theReaderNeverThrowsOnArbitraryText(@ForAll String text) throws IOException {
        var fromChars = reader.read(new StringReader(text), r -> {}, p -> {});
        var fromBytes = reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), r -> {}, p -> {});

        assertThat(fromChars.records() + fromChars.problems()).isLessThanOrEqualTo(fromChars.lines());
        assertThat(fromBytes.records() + fromBytes.problems()).isLessThanOrEqualTo(fromBytes.lines());
    }

    @Property(tries = 300)
    void theReaderNeverThrowsOnMangledRecords(@ForAll("mangled") String line) throws IOException {
        var summary = reader.read(new StringReader(line + "\n" + EXAMPLE), r -> {}, p -> {});
        assertThat(summary.records()).isGreaterThanOrEqualTo(1); // the good line after it still counts
    }

    @net.jqwik.api.Provide
    Arbitrary<String> mangled() {
        // The example with a random stretch cut out, or a random token put in: near-misses find more than noise.
        var cut = Arbitraries.integers().between(0, EXAMPLE.length());
        var junk = Arbitraries.of(
                "\"",
                "{",
                "}",
                "[",
                ",",
                ":",
                "-1",
                "1e999",
                "null",
                "\"x\"",
                "99999999999999999999",
                "\\u",
                "\u0000",
                "true");
        return Combinators.combine(cut, cut, junk)
                .as((a, b, j) -> EXAMPLE.substring(0, Math.min(a, b)) + j + EXAMPLE.substring(Math.max(a, b)));
    }
}
