package dev.fleetdeck.testbed;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The test bed's Redis Sentinel set (node1, node2, one sentinel) as a failover test drives it:
 * which port is master, kill it by its pid file, wait for the promotion, and put the killed node
 * back as a synced replica so the next test finds a healthy set.
 */
public final class TestBedSentinel {
    private final TestBedEnv.Sentinel sentinel;
    private final Function<List<String>, String> script;

    TestBedSentinel(TestBedEnv.Sentinel sentinel, Function<List<String>, String> script) {
        this.sentinel = sentinel;
        this.script = script;
    }

    /** {@code redis-sentinel://127.0.0.1:PORT#NAME}, what a console configures. */
    public URI uri() {
        return sentinel.uri();
    }

    /** The port of the current master, as the sentinel sees it. */
    public int masterPort() {
        return Integer.parseInt(script.apply(List.of("sentinel-master")).strip());
    }

    /** SIGKILLs the current master by its pid file; returns the node killed ({@code node1} or {@code node2}). */
    public String killMaster() {
        return script.apply(List.of("kill-master")).strip();
    }

    /** Waits until the sentinel names another master than {@code oldPort}; returns the new port. */
    public int awaitFailover(int oldPort, Duration limit) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            int now = masterPort();
            if (now != oldPort) {
                return now;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no failover from port " + oldPort + " within " + limit.toSeconds() + " s");
    }

    /** Starts a killed node again and waits until it is a replica of the master with its link up. */
    public void restore(String node, Duration limit) throws InterruptedException {
        String unused = script.apply(List.of("start-node", node.replaceFirst("^node", "")));
        int port = Integer.parseInt(readPort(node));
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            String info = cli(port, "info", "replication");
            if (info.contains("role:slave") && info.contains("master_link_status:up")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(node + " did not become a synced replica within " + limit.toSeconds() + " s");
    }

    /** {@code redis-cli} against the current master. */
    public String masterCli(String... args) {
        return cli(masterPort(), args);
    }

    private String readPort(String node) {
        try {
            return Files.readString(sentinel.dir().resolve(node).resolve("port"))
                    .strip();
        } catch (IOException e) {
            throw new IllegalStateException("no port file for sentinel " + node, e);
        }
    }

    private static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        ProcessRun run = ProcessRun.run(command, Map.of(), Duration.ofSeconds(10));
        return run.exitCode() == 0 ? run.stdout() : "";
    }
}
