package dev.fleetdeck.startup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The fast path reads what Jackson's timings path reads, and leaves Jackson everything else. */
class TimingsScannerTest {
    /** A journal line as the console writes it, with the fields timings skip. */
    static final String LINE =
            "{\"sessionId\":\"s-1\",\"workspaceType\":\"kali\",\"user\":\"user7\",\"agent\":\"agent-03\","
                    + "\"containerId\":\"9f3a\",\"outcome\":\"ready\",\"error\":null,\"staged\":false,\"attempts\":[{\"agent\":"
                    + "\"agent-03\",\"outcome\":\"ok\",\"error\":null,\"startOffsetMs\":120,\"durationMs\":15000}],"
                    + "\"performance\":{\"provisioningStartedAt\":\"2026-01-15T10:00:00.123Z\",\"quotaCheckDurationMs\":120,"
                    + "\"placementDurationMs\":12,\"sessionCreateDurationMs\":15000,\"monitoringDurationMs\":9000,"
                    + "\"totalStartupTimeMs\":24150,\"statusCheckAttempts\":6,\"averageStatusCheckDurationMs\":80,"
                    + "\"statusCheckOffsetsMs\":[16000,17500.5,-1e3],\"readinessSource\":\"polling\",\"x\":{\"y\":[true,\"a\\\"\\u00e9\"]}}}";

    private record Read(
            StartupRecordCodec.ReadSummary summary, List<StartupRecord> records, List<LineProblem> problems) {}

    private static Read read(String text, boolean scan) throws IOException {
        var reader = new StartupRecordCodec(new JsonFactory(), StartupRecordCodec.Detail.TIMINGS, scan);
        List<StartupRecord> records = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        var summary = reader.read(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), records::add, problems::add);
        return new Read(summary, records, problems);
    }

    private static void sameAsJackson(String text) throws IOException {
        assertThat(read(text, true)).isEqualTo(read(text, false));
    }

    @Test
    void aCleanLineTakesTheFastPathToTheSameRecord() throws IOException {
        byte[] bytes = LINE.getBytes(StandardCharsets.UTF_8);
        StartupRecord fast = new TimingsScanner().scan(bytes, 0, bytes.length);

        assertThat(fast).isNotNull();
        assertThat(List.of(fast)).isEqualTo(read(LINE, false).records());
        assertThat(fast.performance().totalStartupTimeMs()).isEqualTo(24_150);
    }

    @Test
    void stagedIsReadOnEveryPathAsTheFullReadReadsIt() throws IOException {
        // The report counts staged launches: timings must carry it, or the analysis needs the full read.
        for (String staged : List.of("true", "false", "null")) {
            String line = LINE.replace("\"staged\":false", "\"staged\":" + staged);
            // The full read wants whole milliseconds in the offsets, which timings skip.
            StartupRecord full = new StartupRecordCodec().decode(line.replace("17500.5,-1e3", "17500"), 1, p -> {});

            sameAsJackson(line);
            assertThat(read(line, true).records())
                    .extracting(StartupRecord::staged)
                    .containsExactly(full.staged());
        }
        assertThat(read(LINE.replace("\"staged\":false", "\"staged\":true"), true)
                        .records())
                .extracting(StartupRecord::staged)
                .containsExactly(true);
        assertThat(read(LINE.replace("\"staged\":false", "\"staged\":\"yes\""), true)
                        .problems())
                .singleElement()
                .asString()
                .contains("staged");
    }

    @Test
    void whatItIsNotSureOfGoesToJackson() throws IOException {
        TimingsScanner scanner = new TimingsScanner();
        for (String line : List.of(
                LINE.replace("\"totalStartupTimeMs\":24150", "\"totalStartupTimeMs\":24150.6"),
                LINE.replace("\"kali\"", "\"k\\u0061li\""),
                LINE.replace("\"ready\"", "\"READY\""),
                LINE.replace("\"staged\":false", "\"staged\":fals"),
                LINE.replace("[16000,", "[016000,"),
                LINE.replace("\"user7\"", "\"usér\""),
                LINE + " {}",
                LINE.substring(0, LINE.length() - 1),
                "{\"workspaceType\":null,\"outcome\":\"ready\",\"performance\":{}}")) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertThat(scanner.scan(bytes, 0, bytes.length)).as(line).isNull();
            sameAsJackson(line);
        }
    }

    @Test
    void aReadinessSourceThatIsNotAStringIsTheSameProblemOnEveryPath() throws IOException {
        // Once the timings path left an object here unskipped and read the fields inside it as the
        // launch's own: this one would have made the launch 1 ms long.
        String line = LINE.replace("\"readinessSource\":\"polling\"", "\"readinessSource\":{\"totalStartupTimeMs\":1}")
                .replace("-1e3", "18000");
        LineProblem expected = new LineProblem(1, "performance.readinessSource: expected a string, got an object");
        assertThat(read(line, true).records()).isEmpty();
        assertThat(read(line, true).problems()).containsExactly(expected);
        assertThat(read(line, false).problems()).containsExactly(expected);
        List<LineProblem> full = new ArrayList<>();
        new StartupRecordCodec()
                .read(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), r -> {}, full::add);
        assertThat(full).containsExactly(expected);
    }

    @Test
    void aScanNeverReadsPastItsLine() throws IOException {
        // Each line is cut short; the next line's bytes are in the same buffer and must not complete it.
        String text = LINE.substring(0, 200) + "\n" + LINE + "\n" + LINE.substring(0, LINE.length() - 3) + "\n}}}\n";
        sameAsJackson(text);
        assertThat(read(text, true).summary()).isEqualTo(new StartupRecordCodec.ReadSummary(4, 1, 3));
    }

    @Property(tries = 3000)
    void mangledLinesReadAsJacksonReadsThem(@ForAll("mangled") String line) throws IOException {
        sameAsJackson(line + "\n" + LINE + "\r\n" + line);
    }

    @Property(tries = 500)
    void arbitraryTextReadsAsJacksonReadsIt(@ForAll String text) throws IOException {
        sameAsJackson(text);
    }

    @Provide
    Arbitrary<String> mangled() {
        var cut = Arbitraries.integers().between(0, LINE.length());
        var junk = Arbitraries.of(
                "",
                "\"",
                "{",
                "}",
                "[",
                "]",
                ",",
                ":",
                "-1",
                "1e999",
                "1.5",
                "0",
                "01",
                "null",
                "\"x\"",
                "99999999999999999999",
                "9223372036854775807",
                "\\u",
                "\\n",
                "\u0000",
                "\t",
                "true",
                "é",
                " ",
                "\"performance\":{}",
                "\"outcome\":\"failed\"",
                "\"workspaceType\":1");
        return Combinators.combine(cut, cut, junk)
                .as((a, b, j) -> LINE.substring(0, Math.min(a, b)) + j + LINE.substring(Math.max(a, b)));
    }
}
