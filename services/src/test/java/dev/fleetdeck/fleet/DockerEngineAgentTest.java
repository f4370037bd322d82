package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Ping, info and the engine's own resources, on every agent of the test bed. */
@RealTestBed
class DockerEngineAgentTest {

    @Test
    void pingAndInfoReportEachAgentsRealCpusMemoryAndVersions(TestBed bed) throws Exception {
        for (String agent : bed.agents()) {
            DockerEngine engine = bed.engine(agent);

            Duration roundTrip = engine.ping();
            EngineInfo info = engine.info();

            String[] cli = bed.docker(agent, "info", "--format", "{{.NCPU}} {{.MemTotal}} {{.ServerVersion}}")
                    .strip()
                    .split(" ", -1);
            String cliApi = bed.docker(agent, "version", "--format", "{{.Server.APIVersion}}")
                    .strip();
            System.out.printf(
                    "%s: ping %.1f ms, %d CPUs, %d MiB, Docker %s API %s%n",
                    agent,
                    roundTrip.toNanos() / 1e6,
                    info.cpus(),
                    info.memTotalBytes() >> 20,
                    info.serverVersion(),
                    info.apiVersion());
            assertThat(roundTrip).isPositive();
            assertThat(info.cpus()).isEqualTo(Integer.parseInt(cli[0]));
            assertThat(info.memTotalBytes()).isEqualTo(Long.parseLong(cli[1]));
            assertThat(info.serverVersion()).isEqualTo(cli[2]);
            assertThat(info.apiVersion()).isEqualTo(cliApi);
            assertThat(info.operatingSystem()).isNotBlank();
        }
    }

    @Test
    void containersRunningCountsTheAgentsRunningContainers(TestBed bed) throws Exception {
        DockerEngine engine = bed.engine("agent3");
        String id = engine.create(
                new ContainerSpec(bed.image("plain"), null, bed.testLabels(), Map.of(), 0, 0, 0, 0, List.of()));
        engine.start(id);

        // Counted by the CLI around the call: other tests' containers may come and go meanwhile.
        int cliBefore = bed.docker("agent3", "ps", "-q").strip().split("\\s+").length;
        int running = engine.info().containersRunning();
        int cliAfter = bed.docker("agent3", "ps", "-q").strip().split("\\s+").length;

        assertThat(running).isPositive().isBetween(Math.min(cliBefore, cliAfter), Math.max(cliBefore, cliAfter));
    }

    /**
     * A console opens and closes engines as agents come and go: a closed engine must leave no
     * thread and no socket behind, even with an event stream still subscribed.
     */
    @Test
    void closeLeavesNoThreadsOrSocketsBehind(TestBed bed) throws Exception {
        Set<Long> threadsBefore = threadIds();
        long socketsBefore = openSockets();

        DockerEngine engine = bed.engine("agent3");
        String id = engine.create(
                new ContainerSpec(bed.image("plain"), null, bed.testLabels(), Map.of(), 0, 0, 0, 0, List.of()));
        engine.start(id);
        engine.ping();
        engine.info();
        engine.listContainers(true);
        engine.stats(id);
        engine.imageTags();
        engine.events(event -> {});
        engine.events(event -> {});
        assertThat(newThreads(threadsBefore)).as("engine threads while in use").isNotEmpty();

        engine.close();

        List<String> left = awaitNoNewThreads(threadsBefore);
        assertThat(left).as("threads left after close").isEmpty();
        assertThat(openSockets()).as("open sockets after close").isLessThanOrEqualTo(socketsBefore);
    }

    private static Set<Long> threadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    private static List<String> newThreads(Set<Long> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t.getId()))
                .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
                .toList();
    }

    /** Threads end asynchronously after close; give them a moment, then report what is left. */
    private static List<String> awaitNoNewThreads(Set<Long> before) throws InterruptedException {
        List<String> left = newThreads(before);
        for (int i = 0; i < 50 && !left.isEmpty(); i++) {
            Thread.sleep(100);
            left = newThreads(before);
        }
        return left;
    }

    /** Socket descriptors this JVM holds (Linux), the unix sockets to the engines among them. */
    private static long openSockets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            Set<String> sockets = new HashSet<>();
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:")) {
                        sockets.add(fd.toString());
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            });
            return sockets.size();
        }
    }
}
