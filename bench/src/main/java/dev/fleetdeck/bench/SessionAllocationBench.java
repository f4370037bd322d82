package dev.fleetdeck.bench;

import com.sun.management.ThreadMXBean;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.sim.SimulatedFleet;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What reading the sessions allocates per refresh on the simulated fleet: bytes per {@link
 * Session#fromContainer} call over every container of the fleet, and bytes per refresh of every
 * agent's monitor (on this one thread), after warming up. Allocation is what feeds the young
 * collections that stop the FX thread (docs/benchmarks.md).
 *
 * <pre>java -cp "bench/target/classes:bench/target/lib/*" dev.fleetdeck.bench.SessionAllocationBench [agents] [sessions] [rounds]</pre>
 */
public final class SessionAllocationBench {
    private static final long MIB = 1L << 20;

    private SessionAllocationBench() {}

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 25_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        List<WorkspaceType> catalog = List.of(
                new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 0.5, 512 * MIB, CpuAllocation.SHARES, 30),
                new WorkspaceType("vscode", "kasmweb/vscode:1.17.0", 1, 1024 * MIB, CpuAllocation.SHARES, 35),
                new WorkspaceType("kali", "kasmweb/kali:1.17.0", 2, 2048 * MIB, CpuAllocation.QUOTAS, 50));
        SimulatedFleet fleet =
                new SimulatedFleet(agents, List.of("east", "west", "north", "south"), catalog, 42, System::nanoTime);
        fleet.seedSessions(sessions);
        List<ContainerSummary> containers = new ArrayList<>();
        for (AgentConfig c : fleet.agentConfigs()) {
            containers.addAll(fleet.engine(c.name()).listContainers(false));
        }
        AdminStates admin = new AdminStates();
        List<AgentMonitor> monitors = fleet.agentConfigs().stream()
                .map(c -> new AgentMonitor(c, fleet.engine(c.name()), admin, Clock.systemUTC()))
                .toList();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();

        long[] parse = new long[rounds];
        long[] refresh = new long[rounds];
        long sink = 0;
        for (int warm = 0; warm < 2; warm++) {
            for (int r = 0; r < rounds; r++) {
                long before = threads.getThreadAllocatedBytes(me);
                for (ContainerSummary c : containers) {
                    Session s = Session.fromContainer("a", c, 1.0, 1);
                    sink += s == null ? 0 : (long) s.cores() + (s.health() == null ? 0 : 1);
                }
                parse[r] = threads.getThreadAllocatedBytes(me) - before;
                before = threads.getThreadAllocatedBytes(me);
                for (AgentMonitor m : monitors) {
                    sink += m.refresh().sessionCount();
                }
                refresh[r] = threads.getThreadAllocatedBytes(me) - before;
            }
        }
        Arrays.sort(parse);
        Arrays.sort(refresh);
        System.out.printf(
                Locale.ROOT,
                "%d agents, %d containers, %d rounds after warm-up (checksum %d)%n",
                agents,
                containers.size(),
                rounds,
                sink);
        System.out.printf(
                Locale.ROOT,
                "Session.fromContainer: median %.1f bytes per call (%.2f MB per pass over the fleet)%n",
                parse[rounds / 2] / (double) containers.size(),
                parse[rounds / 2] / 1e6);
        System.out.printf(
                Locale.ROOT,
                "AgentMonitor.refresh of every agent: median %.2f MB per refresh of the fleet (%.0f bytes per container)%n",
                refresh[rounds / 2] / 1e6,
                refresh[rounds / 2] / (double) containers.size());
    }
}
