package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.testbed.AgentStates;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fleet monitor on real engines: its figures against docker stats, an engine going away. */
@RealTestBed
class AgentMonitorTestBedTest {
    private static final long MIB = 1L << 20;
    private final ExecutorService refresh = Executors.newFixedThreadPool(3);
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final ObjectMapper mapper = new ObjectMapper();

    @AfterEach
    void stop() {
        refresh.shutdownNow();
        ticks.shutdownNow();
    }

    private String startSession(
            DockerEngine engine, TestBed bed, String session, Map<String, String> env, long nanoCpus, long shm)
            throws Exception {
        Map<String, String> labels = new HashMap<>(bed.testLabels());
        labels.put(SessionLabels.SESSION, session);
        labels.put(SessionLabels.USER, "alice");
        labels.put(SessionLabels.WORKSPACE, "firefox");
        labels.put(SessionLabels.CORES, "0.5");
        labels.put(SessionLabels.MEMORY, Long.toString(256 * MIB));
        String id = engine.create(
                new ContainerSpec(bed.image("plain"), null, labels, env, 256 * MIB, 0, nanoCpus, shm, List.of()));
        engine.start(id);
        return id;
    }

    @Test
    void sessionsShowCpuAndMemoryAsDockerStatsDoes(TestBed bed) throws Exception {
        DockerEngine engine = bed.engine("agent2");
        String busy = startSession(
                engine, bed, "s-busy", Map.of("LOAD_CPUS", "1", "LOAD_MEM_MB", "48"), 500_000_000L, 128 * MIB);
        String idle = startSession(engine, bed, "s-idle", Map.of("LOAD_MEM_MB", "24"), 0, 64 * MIB);
        AgentMonitor monitor =
                new AgentMonitor(bed.agentConfig("agent2"), engine, new AdminStates(), Clock.systemUTC());
        Thread.sleep(3000); // memory written, the busy loop's quota steady

        monitor.refresh(true);
        Map<String, JsonNode> cli = dockerStats(bed, "agent2", busy, idle);
        Thread.sleep(1200);
        AgentSnapshot a = monitor.refresh();

        Session busySession = a.sessions().stream()
                .filter(s -> s.containerId().equals(busy))
                .findFirst()
                .orElseThrow();
        Session idleSession = a.sessions().stream()
                .filter(s -> s.containerId().equals(idle))
                .findFirst()
                .orElseThrow();
        assertThat(busySession.cpuPercent())
                .isCloseTo(percent(cli.get(busy).path("CPUPerc").asText()), within(15.0));
        assertThat(idleSession.cpuPercent())
                .isCloseTo(percent(cli.get(idle).path("CPUPerc").asText()), within(5.0));
        assertThat((double) busySession.memUsedBytes())
                .isCloseTo(memUsage(cli.get(busy).path("MemUsage").asText()), within(0.1 * 48 * MIB + 4 * MIB));
        assertThat((double) idleSession.memUsedBytes())
                .isCloseTo(memUsage(cli.get(idle).path("MemUsage").asText()), within(0.1 * 24 * MIB + 4 * MIB));
        assertThat(a.state()).isEqualTo(AgentState.ENABLED);
        assertThat(a.allocatedCpus()).isGreaterThanOrEqualTo(1.0);
        assertThat(a.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        monitor.close();
    }

    @Test
    void anAgentWhoseEngineStopsTurnsOfflineWithinTwoIntervalsAndRecovers(TestBed bed) throws Exception {
        List<AgentMonitor> monitors = List.of(
                new AgentMonitor(bed.agentConfig("agent3"), bed.engine("agent3"), new AdminStates(), Clock.systemUTC()),
                new AgentMonitor(
                        bed.agentConfig("agent1"), bed.engine("agent1"), new AdminStates(), Clock.systemUTC()));
        Duration interval = Duration.ofMillis(500);
        FleetMonitor fleet = new FleetMonitor(monitors, interval, 30, ticks, refresh, Clock.systemUTC());
        fleet.start();
        try {
            AgentStates.await(fleet, "agent3", AgentState.ENABLED, Duration.ofSeconds(10));

            bed.stopAgent("agent3");
            long stopped = System.nanoTime();
            AgentStates.await(fleet, "agent3", AgentState.OFFLINE, Duration.ofSeconds(10));
            long tookMs = (System.nanoTime() - stopped) / 1_000_000;
            // Other agents go on refreshing meanwhile.
            assertThat(fleet.current().agents().get(1).state()).isEqualTo(AgentState.ENABLED);
            assertThat(fleet.current().agents().get(0).error()).contains("agent3");
            System.out.printf(
                    "agent3 offline %d ms after its engine stopped (interval %d ms)%n", tookMs, interval.toMillis());
            assertThat(tookMs)
                    .as("offline within two refresh intervals")
                    .isLessThanOrEqualTo(2 * interval.toMillis() + 500);
        } finally {
            bed.startAgent("agent3");
        }
        AgentStates.await(fleet, "agent3", AgentState.ENABLED, Duration.ofSeconds(15));
        fleet.close();
    }

    private Map<String, JsonNode> dockerStats(TestBed bed, String agent, String... ids) throws Exception {
        String[] args = new String[ids.length + 4];
        args[0] = "stats";
        args[1] = "--no-stream";
        args[2] = "--format";
        args[3] = "{{json .}}";
        System.arraycopy(ids, 0, args, 4, ids.length);
        Map<String, JsonNode> byId = new HashMap<>();
        for (String line : bed.docker(agent, args).strip().split("\n", -1)) {
            JsonNode n = mapper.readTree(line);
            String shortId = n.path("ID").asText();
            for (String id : ids) {
                if (id.startsWith(shortId)) {
                    byId.put(id, n);
                }
            }
        }
        return byId;
    }

    private static double percent(String s) {
        return Double.parseDouble(s.replace("%", "").trim());
    }

    /** "48.2MiB / 256MiB" → bytes of the first figure. */
    private static double memUsage(String s) {
        String used = s.split("/", -1)[0].trim();
        double v = Double.parseDouble(used.replaceAll("[^0-9.]", ""));
        if (used.endsWith("GiB")) {
            return v * 1024 * MIB;
        }
        if (used.endsWith("MiB")) {
            return v * MIB;
        }
        if (used.endsWith("KiB")) {
            return v * 1024;
        }
        return v;
    }
}
