package dev.fleetdeck.startup;

import static dev.fleetdeck.startup.StartupAnalyzerTest.HOUR_AGO;
import static dev.fleetdeck.startup.StartupAnalyzerTest.NOW;
import static dev.fleetdeck.startup.StartupAnalyzerTest.failed;
import static dev.fleetdeck.startup.StartupAnalyzerTest.launch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportOutputTest {
    private final StartupAnalyzer analyzer = new StartupAnalyzer(Clock.fixed(NOW, ZoneOffset.UTC));

    /** kali 30 000 and 50 000 on a1 (phases 0/0/20 000/10 000 and 0/0/30 000/20 000), one failure on a2. */
    private AnalysisReport small() {
        return analyzer.analyze(
                List.of(
                        launch("kali", "a1", true, HOUR_AGO, 0, 0, 20_000, 10_000),
                        launch("kali", "a1", true, HOUR_AGO, 0, 0, 30_000, 20_000),
                        failed("kali", "a2")),
                AnalysisOptions.defaults());
    }

    @Test
    void theExportHasTheAgreedKeysAndFigures() throws Exception {
        JsonNode j = new ObjectMapper().readTree(new ReportJson().toJson(small()));

        assertThat(iterable(j.fieldNames()))
                .contains(
                        "count",
                        "failures",
                        "failureRate",
                        "avgMs",
                        "medianMs",
                        "p95Ms",
                        "p99Ms",
                        "withinTargetPct",
                        "phases",
                        "byType",
                        "alerts",
                        "recommendations",
                        "window",
                        "generatedAt");
        assertThat(j.get("count").asLong()).isEqualTo(3);
        assertThat(j.get("failures").asLong()).isEqualTo(1);
        assertThat(j.get("failureRate").asDouble()).isEqualTo(1 / 3.0);
        assertThat(j.get("avgMs").asDouble()).isEqualTo(40_000.0); // (30 000 + 50 000) / 2
        assertThat(j.get("medianMs").asDouble()).isEqualTo(40_000.0);
        assertThat(j.get("p95Ms").asDouble()).isEqualTo(49_000.0); // 30 000 + 0.95 × 20 000
        assertThat(j.get("p99Ms").asDouble()).isEqualTo(49_800.0); // 30 000 + 0.99 × 20 000
        assertThat(j.get("withinTargetPct").asDouble()).isEqualTo(100.0);
        assertThat(iterable(j.get("phases").fieldNames()))
                .containsExactly("quotaCheck", "placement", "sessionCreate", "monitoring");
        // creation 50 000 of 80 000 phase time = 62.5 %, monitoring 30 000 = 37.5 %
        assertThat(j.at("/phases/sessionCreate/avgMs").asDouble()).isEqualTo(25_000.0);
        assertThat(j.at("/phases/sessionCreate/sharePct").asDouble()).isEqualTo(62.5);
        assertThat(j.at("/phases/monitoring/sharePct").asDouble()).isEqualTo(37.5);
        JsonNode kali = j.at("/byType/kali");
        assertThat(iterable(kali.fieldNames()))
                .contains("count", "avgMs", "medianMs", "p95Ms", "withinTypeTargetPct", "failureRate");
        assertThat(kali.get("count").asLong()).isEqualTo(3);
        assertThat(kali.get("withinTypeTargetPct").asDouble()).isEqualTo(50.0); // 30 000 < 50 000; 50 000 is not
        assertThat(j.at("/window/from").asText()).isEqualTo("2026-01-13T12:00:00Z");
        assertThat(j.at("/window/workspaceType").isNull()).isTrue();
        assertThat(j.at("/alerts/0/level").asText()).isEqualTo("critical"); // 33 % > 10 %
        assertThat(j.at("/alerts/0/message").asText())
                .isEqualTo("failure rate 33.3 % (1 of 3 launches) is over 10.0 %");
        assertThat(j.get("recommendations").isArray()).isTrue();
    }

    @Test
    void anEmptyExportIsAllZerosAndSaysWhy() throws Exception {
        JsonNode j = new ObjectMapper()
                .readTree(new ReportJson()
                        .toJson(analyzer.analyze(
                                List.of(), AnalysisOptions.defaults().withType("kali"))));

        assertThat(j.get("status").asText()).isEqualTo("empty");
        assertThat(j.get("note").asText()).isEqualTo("no launches in window");
        for (String k :
                List.of("count", "failures", "failureRate", "avgMs", "medianMs", "p95Ms", "p99Ms", "withinTargetPct")) {
            assertThat(j.get(k).isNumber()).as(k).isTrue();
            assertThat(j.get(k).asDouble()).as(k).isZero();
        }
        assertThat(j.at("/window/workspaceType").asText()).isEqualTo("kali");
        assertThat(j.get("byType").size()).isZero();
    }

    @Test
    void theTextReportShowsEachSectionAndSharesAsBars() {
        String text = new ReportText().render(small(), false);

        assertThat(text).contains("Summary", "Percentiles", "Phases", "Per type", "Alerts", "Recommendations");
        // 62.5 % of 30 characters = 18.75 → 19 filled; 37.5 % → 11.25 → 11.
        assertThat(text).contains("session creation     25.0 s  62.5 %  " + "#".repeat(19) + ".".repeat(11));
        assertThat(text).contains("monitoring           15.0 s  37.5 %  " + "#".repeat(11) + ".".repeat(19));
        assertThat(text).contains("  median      40.0 s", "  P95         49.0 s");
        assertThat(text).contains("[CRITICAL] failure rate 33.3 %");
        assertThat(text).doesNotContain("Per agent");
    }

    @Test
    void verboseAddsAgentsAndPhaseDetail() {
        String text = new ReportText().render(small(), true);

        assertThat(text)
                .contains("Per agent", "costliest first: session creation, monitoring", "slowest agents:  a1 40.0 s");
        assertThat(text).containsPattern("a2\\s+1\\s+0\\.0 s.*100\\.0 %");
    }

    @Test
    void anEmptyTextReportSaysNoLaunchesInWindow() {
        String text = new ReportText()
                .render(analyzer.analyze(new ArrayList<StartupRecord>(), AnalysisOptions.defaults()), true);

        assertThat(text).contains("** no launches in window **");
        assertThat(text).doesNotContain("NaN");
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
