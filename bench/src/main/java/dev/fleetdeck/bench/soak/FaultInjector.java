package dev.fleetdeck.bench.soak;

import dev.fleetdeck.testbed.ProcessRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Does one fault to the real part and undoes it, synchronously: engines through testbed.sh (by
 * their pid files), the Sentinel set's master, the keeper and console processes, and the data
 * folder's own small file system, filled to the last byte with {@code dd} and freed.
 */
final class FaultInjector {
    private final SoakBed bed;
    private final FleetdeckProcess keeper;
    private final FleetdeckProcess console;
    private final Path dataDir;
    private final Duration hold;
    private int engineTurn;

    FaultInjector(SoakBed bed, FleetdeckProcess keeper, FleetdeckProcess console, Path dataDir, Duration hold) {
        this.bed = bed;
        this.keeper = keeper;
        this.console = console;
        this.dataDir = dataDir;
        this.hold = hold;
    }

    SoakLedger.FaultDone inject(Fault fault) throws IOException, InterruptedException {
        Instant from = Instant.now();
        String target;
        String detail = "";
        switch (fault) {
            case ENGINE_KILLED -> {
                target = nextEngine();
                bed.testbed("kill-engine", number(target));
                // down long enough to be seen offline (alerts: three refreshes), as a crashed engine waits for its
                // restart
                Thread.sleep(hold.toMillis());
                bed.testbed("start-engine", number(target));
            }
            case ENGINE_STOPPED -> {
                target = nextEngine();
                bed.testbed("pause-engine", number(target));
                try {
                    Thread.sleep(Duration.ofSeconds(30).toMillis());
                } finally {
                    bed.testbed("resume-engine", number(target));
                }
            }
            case REDIS_MASTER_KILLED -> {
                String before = bed.testbed("sentinel-master");
                String node = bed.testbed("kill-master");
                target = node + " (port " + before + ")";
                long deadline = System.currentTimeMillis() + 60_000;
                String after = before;
                while (after.equals(before) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(500);
                    try {
                        after = bed.testbed("sentinel-master");
                    } catch (RuntimeException e) {
                        after = before;
                    }
                }
                detail = after.equals(before)
                        ? "no failover within 60 s"
                        : "failover to port " + after + " in "
                                + Duration.between(from, Instant.now()).toSeconds() + " s";
                bed.testbed("start-node", node.replace("node", ""));
            }
            case KEEPER_KILLED -> {
                target = "keeper pid " + keeper.pid();
                keeper.kill();
                Thread.sleep(3000);
                keeper.start();
            }
            case CONSOLE_KILLED -> {
                target = "console pid " + console.pid();
                console.kill();
                Thread.sleep(3000);
                console.start();
            }
            case DISK_FULL -> {
                target = dataDir.toString();
                Path fill = dataDir.resolve("soak-fill");
                ProcessRun dd = ProcessRun.run(
                        List.of("dd", "if=/dev/zero", "of=" + fill, "bs=1M"), Map.of(), Duration.ofMinutes(2));
                detail = dd.stderr().contains("No space left")
                        ? "filled"
                        : "dd: " + dd.stderr().strip();
                try {
                    Thread.sleep(hold.toMillis());
                } finally {
                    Files.deleteIfExists(fill);
                }
            }
            default -> throw new IllegalArgumentException(fault.name());
        }
        return new SoakLedger.FaultDone(fault, target, from, Instant.now(), detail);
    }

    /** Engine faults take the agents in turn, so each is hit. */
    private String nextEngine() {
        List<String> agents = bed.agentNames();
        return agents.get(engineTurn++ % agents.size());
    }

    private static String number(String agent) {
        return agent.replace("agent", "");
    }
}
