package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatsParserTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private final StatsParser parser = new StatsParser(new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC));

    /** Trimmed from a real dockerd 20.10 answer on this cgroup v1 machine. */
    private static final String CGROUP_V1 = """
            {"read":"2026-11-23T12:08:09.656019785Z","preread":"0001-01-01T00:00:00Z",
             "cpu_stats":{"cpu_usage":{"total_usage":37416350,"percpu_usage":[19176066,18240284]},
                          "system_cpu_usage":1204540000000,"online_cpus":2},
             "precpu_stats":{"cpu_usage":{"total_usage":0}},
             "memory_stats":{"usage":9342976,"stats":{"inactive_file":4096,"total_inactive_file":12288,
                             "cache":8716288},"limit":25213882368}}
            """;

    private static final String CGROUP_V2 = """
            {"read":"2026-11-23T12:08:09Z",
             "cpu_stats":{"cpu_usage":{"total_usage":5000},"system_cpu_usage":900000,"online_cpus":8},
             "memory_stats":{"usage":2000000,"stats":{"inactive_file":500000,"anon":1400000},"limit":268435456}}
            """;

    @Test
    void readsCgroupV1StatsWithTheHierarchicalInactiveFile() {
        StatsSample s = parser.parse("abc", CGROUP_V1);

        assertThat(s.containerId()).isEqualTo("abc");
        assertThat(s.read()).isEqualTo(Instant.parse("2026-11-23T12:08:09.656019785Z"));
        assertThat(s.cpuTotalUsage()).isEqualTo(37_416_350L);
        assertThat(s.systemCpuUsage()).isEqualTo(1_204_540_000_000L);
        assertThat(s.onlineCpus()).isEqualTo(2);
        assertThat(s.memUsage()).isEqualTo(9_342_976L);
        assertThat(s.memInactiveFile()).isEqualTo(12_288L);
        assertThat(s.memLimit()).isEqualTo(25_213_882_368L);
    }

    @Test
    void readsCgroupV2StatsWithInactiveFile() {
        StatsSample s = parser.parse("abc", CGROUP_V2);

        assertThat(s.onlineCpus()).isEqualTo(8);
        assertThat(s.memInactiveFile()).isEqualTo(500_000L);
        assertThat(StatsMath.memoryUsedBytes(s)).isEqualTo(1_500_000L);
    }

    @Test
    void countsPerCpuUsageWhenOnlineCpusIsMissing() {
        StatsSample s = parser.parse("abc", """
                {"cpu_stats":{"cpu_usage":{"total_usage":10,"percpu_usage":[1,2,3,4]},"system_cpu_usage":100}}
                """);

        assertThat(s.onlineCpus()).isEqualTo(4);
    }

    @Test
    void aJustStoppedContainerGivesAZeroSampleStampedWithTheConsoleClock() {
        StatsSample s = parser.parse("abc", """
                {"read":"0001-01-01T00:00:00Z","preread":"0001-01-01T00:00:00Z","pids_stats":{},
                 "cpu_stats":{"cpu_usage":{"total_usage":0},"throttling_data":{}},"memory_stats":{}}
                """);

        assertThat(s).isEqualTo(new StatsSample("abc", NOW, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void anEmptyObjectGivesAZeroSample() {
        assertThat(parser.parse("abc", "{}")).isEqualTo(new StatsSample("abc", NOW, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void fieldsOfTheWrongTypeReadAsZero() {
        StatsSample s = parser.parse("abc", """
                {"read":42,"cpu_stats":{"cpu_usage":"busy","online_cpus":"two"},
                 "memory_stats":{"usage":null,"stats":[1,2],"limit":-5}}
                """);

        assertThat(s).isEqualTo(new StatsSample("abc", NOW, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> parser.parse("abc", "<html>502 Bad Gateway</html>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parser.parse("abc", "[1,2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parser.parse("abc", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
