package dev.fleetdeck.startup;

import static dev.fleetdeck.startup.StartupAnalyzerTest.HOUR_AGO;
import static dev.fleetdeck.startup.StartupAnalyzerTest.NOW;
import static dev.fleetdeck.startup.StartupAnalyzerTest.failed;
import static dev.fleetdeck.startup.StartupAnalyzerTest.launch;
import static dev.fleetdeck.startup.StartupAnalyzerTest.ready;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recommendations appear for the figures that call for them, and only for those. */
class StartupAdvisorTest {
    private final StartupAnalyzer analyzer = new StartupAnalyzer(Clock.fixed(NOW, ZoneOffset.UTC));
    private final AnalysisOptions defaults = AnalysisOptions.defaults();

    private static void times(int n, List<StartupRecord> into, StartupRecord r) {
        for (int i = 0; i < n; i++) {
            into.add(r);
        }
    }

    @Test
    void aHealthyFleetGetsNoAlertsAndNoRecommendations() {
        List<StartupRecord> records = new ArrayList<>();
        for (String agent : List.of("a1", "a2", "a3")) {
            times(5, records, ready("firefox", agent, 20_000)); // 20 s against firefox's 30 s
            times(5, records, ready("kali", agent, 42_000)); // 42 s against kali's 50 s
        }
        records.add(failed("kali", "a1")); // 1 of 31 = 3.2 %

        var r = analyzer.analyze(records, defaults);

        assertThat(r.alerts()).isEmpty();
        assertThat(r.recommendations()).isEmpty();
    }

    @Test
    void aDominantMonitoringPhaseCallsForEventsInsteadOfPolling() {
        List<StartupRecord> records = new ArrayList<>();
        times(5, records, launch("kali", "a1", true, HOUR_AGO, 200, 10, 10_000, 30_000));

        // Phase time 40 210 per launch; monitoring 30 000 / 40 210 = 74.6 %. 40.2 s is under kali's 50 s.
        assertThat(analyzer.analyze(records, defaults).recommendations())
                .containsExactly("monitoring is the largest phase (74.6 % of phase time, 30.0 s on average):"
                        + " use Docker events instead of polling and check readiness probes");
    }

    @Test
    void sessionCreationSlowOnOneAgentCallsForPrePullingThere() {
        List<StartupRecord> records = new ArrayList<>();
        times(5, records, launch("desk", "a1", true, HOUR_AGO, 200, 0, 10_000, 5_000));
        times(5, records, launch("desk", "a2", true, HOUR_AGO, 200, 0, 10_000, 5_000));
        times(5, records, launch("desk", "a3", true, HOUR_AGO, 200, 0, 40_000, 5_000));

        // Fleet session creation: (5 × 10 000 + 5 × 10 000 + 5 × 40 000) / 15 = 20 000; a3's 40 000 is 2.0×,
        // over 1.5 × 20 000 = 30 000. "desk" has the global 60 s target; its 25.2 s average is well under.
        assertThat(analyzer.analyze(records, defaults).recommendations())
                .containsExactly("session creation on a3 averages 40.0 s, 2.0× the fleet's 20.0 s:"
                        + " pre-pull images on a3 (fleetdeck images shows what it lacks; fleetdeck images distribute fills it"
                        + " from the registry or a peer) and check its disk and Docker daemon");
    }

    @Test
    void aSlowAgentWithTooFewLaunchesIsNotNamed() {
        List<StartupRecord> records = new ArrayList<>();
        times(5, records, launch("desk", "a1", true, HOUR_AGO, 200, 0, 10_000, 5_000));
        times(5, records, launch("desk", "a2", true, HOUR_AGO, 200, 0, 10_000, 5_000));
        times(4, records, launch("desk", "a3", true, HOUR_AGO, 200, 0, 40_000, 5_000));

        // a3 is 40 000 against a fleet 260 000 / 14 = 18 571, but 4 launches are fewer than the 5 required.
        assertThat(analyzer.analyze(records, defaults).recommendations()).isEmpty();
        assertThat(analyzer.analyze(records, defaults.withMinLaunchesForAdvice(4))
                        .recommendations())
                .hasSize(1);
    }

    @Test
    void aTypeOverItsTargetCallsForAStagingPool() {
        List<StartupRecord> records = new ArrayList<>();
        times(5, records, ready("kali", "a1", 55_000));

        assertThat(analyzer.analyze(records, defaults).recommendations())
                .containsExactly(
                        "kali averages 55.0 s against a 50.0 s target (0.0 % within target):"
                                + " keep a staging pool (pre-warmed sessions) for kali (fleetdeck pool fill --type kali --size N)");
    }

    @Test
    void aTypeUnderItsTargetOnAverageButOftenOverItAlsoCallsForAStagingPool() {
        List<StartupRecord> records = new ArrayList<>();
        times(2, records, ready("kali", "a1", 40_000));
        times(3, records, ready("kali", "a1", 52_000));

        // avg (80 000 + 156 000) / 5 = 47 200 < 50 000, but within target 2 of 5 = 40 % < 80 %.
        assertThat(analyzer.analyze(records, defaults).recommendations())
                .containsExactly(
                        "kali averages 47.2 s against a 50.0 s target (40.0 % within target):"
                                + " keep a staging pool (pre-warmed sessions) for kali (fleetdeck pool fill --type kali --size N)");
    }

    @Test
    void aQuotaCheckOverHalfASecondMeansTheCacheIsNotWorking() {
        List<StartupRecord> slow = new ArrayList<>();
        times(5, slow, launch("desk", "a1", true, HOUR_AGO, 501, 0, 10_000, 2_000));
        List<StartupRecord> atLimit = new ArrayList<>();
        times(5, atLimit, launch("desk", "a1", true, HOUR_AGO, 500, 0, 10_000, 2_000));

        assertThat(analyzer.analyze(slow, defaults).recommendations())
                .containsExactly("quota check averages 501 ms (over 500 ms): the quota cache is not effective;"
                        + " check its hit rate and index the active-sessions query");
        assertThat(analyzer.analyze(atLimit, defaults).recommendations()).isEmpty();
    }

    @Test
    void anAgentFailingFarMoreThanTheFleetIsNamed() {
        List<StartupRecord> records = new ArrayList<>();
        times(5, records, ready("desk", "a1", 20_000));
        times(5, records, failed("desk", "a1"));
        times(30, records, ready("desk", "a2", 20_000));
        times(30, records, ready("desk", "a3", 20_000));

        // Fleet 5 / 70 = 7.1 % (no alert); a1 5 / 10 = 50 %, over 10 % and over 2 × 7.1 %.
        var r = analyzer.analyze(records, defaults);
        assertThat(r.alerts()).isEmpty();
        assertThat(r.recommendations())
                .containsExactly(
                        "a1 fails 50.0 % of its launches (fleet 7.1 %): check its Docker daemon and free disk, or drain it");
    }

    @Test
    void slowLaunchesDominatedBySessionCreationCallForPrePullingEverywhere() {
        List<StartupRecord> records = new ArrayList<>();
        times(5, records, ready("desk", "a1", 80_000));
        times(5, records, ready("desk", "a2", 80_000));

        var r = analyzer.analyze(records, defaults);

        // Per launch: quota 200, monitoring 79 800 / 3 = 26 600, creation 79 800 − 26 600 = 53 200; phase time
        // 80 000, creation's share 53 200 / 80 000 = 66.5 %. 80 s is over the 60 s target and the 70 s warning.
        assertThat(r.recommendations())
                .contains("session creation is the largest phase (66.5 % of phase time) and launches average 80.0 s:"
                        + " pre-pull images on every agent (settings: prePull, or fleetdeck images distribute) and add"
                        + " agents to spread the load");
        assertThat(r.alerts())
                .extracting(AnalysisReport.Alert::level)
                .containsExactly(AnalysisReport.Alert.Level.WARNING);
    }

    @Test
    void aHighFailureRateCallsForCheckingPullsAndResources() {
        List<StartupRecord> records = new ArrayList<>();
        times(8, records, ready("desk", "a1", 20_000));
        times(2, records, failed("desk", null));

        // 2 / 10 = 20 %; the failed launches were never placed, so no agent is blamed.
        assertThat(analyzer.analyze(records, defaults).recommendations())
                .containsExactly("20.0 % of launches fail: check image pulls, agent resources and API rate limits;"
                        + " retry placement with backoff");
    }
}
