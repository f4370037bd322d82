package dev.fleetdeck.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.MetricsConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.history.HistoryService;
import dev.fleetdeck.history.HostSample;
import dev.fleetdeck.history.LocalHistoryStore;
import dev.fleetdeck.history.PrometheusHistory;
import dev.fleetdeck.metrics.PrometheusClient;
import dev.fleetdeck.testbed.OwnPrometheus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advisor over two days of node-exporter history backfilled into a real Prometheus of the
 * test's own (promtool): agent "hot" peaked at 90 % RAM for ten minutes, "cool" never passed
 * 40 %; "short" has six hours. The sessions' figures are what a console recorded locally.
 */
class SizingAdvisorBackfillTest {
    private static final long GIB = 1L << 30;
    private static final long TOTAL = 16 * GIB;
    private static final WorkspaceType FIREFOX =
            new WorkspaceType("firefox", "fleetdeck/firefox:1.0", 2, 4 * GIB, CpuAllocation.SHARES, 30);

    @SuppressWarnings("TimeInStaticInitializer") // one end for every test of the class, on purpose
    private static final Instant END =
            Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);

    @TempDir
    static Path dir;

    private static OwnPrometheus prometheus;
    private static LocalHistoryStore local;

    @BeforeAll
    static void backfill() throws Exception {
        StringBuilder om = new StringBuilder();
        Instant twoDays = END.minus(Duration.ofDays(2));
        Instant sixHours = END.minus(Duration.ofHours(6));
        Instant spike = END.minus(Duration.ofHours(20));
        DoubleUnaryOperator day = t -> (1 + Math.sin(2 * Math.PI * t / 86_400)) / 2;
        // RAM used share over time, per agent: hot 50..80 % with a ten-minute spike to 90 %, cool 20..40 %.
        Map<String, DoubleUnaryOperator> used = Map.of(
                "hot:9100",
                        t -> t >= spike.getEpochSecond() && t < spike.getEpochSecond() + 600
                                ? 0.9
                                : 0.5 + 0.3 * day.applyAsDouble(t),
                "cool:9100", t -> 0.2 + 0.2 * day.applyAsDouble(t),
                "short:9100", t -> 0.3);
        Map<String, Instant> from = Map.of("hot:9100", twoDays, "cool:9100", twoDays, "short:9100", sixHours);
        Map<String, Double> busy = Map.of("hot:9100", 0.5, "cool:9100", 0.2, "short:9100", 0.1);
        List<String> instances = List.of("cool:9100", "hot:9100", "short:9100");
        for (String metric :
                List.of("node_memory_MemTotal_bytes", "node_memory_MemAvailable_bytes", "node_cpu_seconds_total")) {
            for (String instance : instances) {
                double idle = 1000;
                for (long t = from.get(instance).getEpochSecond(); t <= END.getEpochSecond(); t += 60) {
                    String labels = metric.equals("node_cpu_seconds_total")
                            ? "{cpu=\"0\",instance=\"" + instance + "\",job=\"node\",mode=\"idle\"}"
                            : "{instance=\"" + instance + "\",job=\"node\"}";
                    double value = switch (metric) {
                        case "node_memory_MemTotal_bytes" -> TOTAL;
                        case "node_memory_MemAvailable_bytes" ->
                            Math.round(TOTAL * (1 - used.get(instance).applyAsDouble((double) t)));
                        default -> idle += 60 * (1 - busy.get(instance));
                    };
                    om.append(metric)
                            .append(labels)
                            .append(' ')
                            .append(String.format(Locale.ROOT, "%.1f", value))
                            .append(' ')
                            .append(t)
                            .append('\n');
                }
            }
        }
        om.append("# EOF\n");
        prometheus = new OwnPrometheus(dir.resolve("prometheus"), om.toString());

        // What a console saw of the sessions meanwhile: firefox sessions using 1.5 GiB (hot) and 1 GiB (cool) each.
        local = LocalHistoryStore.open(dir.resolve("history.db"));
        List<HostSample> seen = new ArrayList<>();
        for (Instant t = twoDays; !t.isAfter(END); t = t.plus(Duration.ofMinutes(30))) {
            seen.add(sessions("hot", t, 10, 3 * GIB / 2));
            seen.add(sessions("cool", t, 4, GIB));
        }
        local.record(seen, END);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (local != null) {
            local.close();
        }
    }

    private static HostSample sessions(String agent, Instant at, int n, long each) {
        return new HostSample(
                agent,
                at,
                Double.NaN,
                0,
                0,
                10,
                n * each,
                TOTAL,
                4,
                n,
                Map.of("firefox", new HostSample.TypeUse(n, n * 0.4, n * each)));
    }

    private static SizingAdvisor advisor(String... agents) {
        List<AgentConfig> configs = new ArrayList<>();
        for (String a : agents) {
            configs.add(new AgentConfig(
                    a, URI.create("tcp://" + a + ":2376"), null, "default", true, 0, 0, false, a + ":9100"));
        }
        PrometheusHistory history =
                new PrometheusHistory(new PrometheusClient(MetricsConfig.of(prometheus.url()), Duration.ofSeconds(20)));
        return new SizingAdvisor(
                configs,
                List.of(FIREFOX),
                85,
                new HistoryService(configs, Optional.of(history), local, Clock.systemUTC()));
    }

    @Test
    void anAgentThatPeakedAt90PercentIsListedFirstWithAWarningAndTheOtherGetsABiggerOverride() throws Exception {
        SizingReport report = advisor("cool", "hot").advise(Duration.ofDays(2), null);

        assertThat(report.source()).contains("Prometheus");
        assertThat(report.observed()).isGreaterThan(Duration.ofHours(40));
        assertThat(report.agents()).extracting(AgentAdvice::agent).containsExactly("hot", "cool");

        AgentAdvice hot = report.agents().get(0);
        assertThat(hot.hostFigures()).isTrue();
        assertThat(hot.ramPeakPercent()).isCloseTo(90, within(0.5));
        assertThat(hot.ramP95Percent()).isBetween(70.0, 81.0);
        assertThat(hot.nearFull()).isTrue();
        assertThat(hot.warning()).contains("90.0 %").contains("no bigger override");
        assertThat(hot.ramOverride()).isZero();
        assertThat(hot.types())
                .singleElement()
                .satisfies(t -> assertThat(t.moreSessions()).isZero());
        assertThat(hot.peakSessions()).isEqualTo(10);
        assertThat(hot.cpuP95Percent()).isCloseTo(50, within(2.0));

        AgentAdvice cool = report.agents().get(1);
        assertThat(cool.nearFull()).isFalse();
        assertThat(cool.warning()).isNull();
        assertThat(cool.ramPeakPercent()).isBetween(39.0, 40.01);
        assertThat(cool.ramTotalBytes()).isEqualTo(TOTAL);
        // Reservations at the peak (4 × 4 GiB) plus the RAM left under 85 % (45 % of 16 GiB = 7.2 GiB)
        // at the sessions' observed share of their reservation (1 of 4 GiB): 16 + 28.8, rounded down.
        assertThat(cool.ramOverride()).isEqualTo(44 * GIB);
        TypeAdvice firefox = cool.types().get(0);
        assertThat(firefox.observed()).isTrue();
        assertThat(firefox.ramPerSession()).isEqualTo(GIB);
        assertThat(firefox.sessionsToday()).isEqualTo(4);
        assertThat(firefox.moreSessions()).isEqualTo(11 - 4);
        assertThat(String.join("\n", SizingText.lines(report)))
                .contains("! hot — RAM reached 90.0 %")
                .contains("ramOverride: 44g (today none)")
                .contains("How these numbers were got");
    }

    @Test
    void refusesOnLessThanADayOfHistory() {
        assertThatThrownBy(() -> advisor("short").advise(Duration.ofDays(2), null))
                .isInstanceOf(SizingRefusal.class)
                .hasMessageContaining("only 6 h")
                .hasMessageContaining("needs at least a day");
    }
}
