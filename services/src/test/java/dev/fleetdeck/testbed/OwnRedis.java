package dev.fleetdeck.testbed;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of one test's own, for fault tests that stop and start it: the shared test-bed
 * Redis must not go away under other tests. Stopped by its pid file, never by name.
 */
public final class OwnRedis implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final boolean persistent;

    public OwnRedis(Path dir) throws IOException {
        this(dir, false);
    }

    /** @param persistent with an append-only file, so a restart keeps the data (as a production Redis does) */
    public OwnRedis(Path dir, boolean persistent) throws IOException {
        this.dir = dir;
        this.persistent = persistent;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        start();
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public void start() {
        ProcessRun.run(
                        List.of(
                                "redis-server",
                                "--port",
                                Integer.toString(port),
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--appendonly",
                                persistent ? "yes" : "no",
                                "--daemonize",
                                "yes",
                                "--pidfile",
                                dir.resolve("redis.pid").toString(),
                                "--logfile",
                                dir.resolve("redis.log").toString(),
                                "--dir",
                                dir.toString()),
                        Map.of(),
                        Duration.ofSeconds(20))
                .requireSuccess();
        for (int i = 0; i < 100; i++) {
            if (cli("ping").strip().equals("PONG")) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("own redis-server did not answer on port " + port);
    }

    /** Stops the server and waits until its process is gone. */
    public void stop() {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("redis.pid")).strip());
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
            });
        } catch (IOException e) {
            throw new IllegalStateException("no pid file for own redis-server: " + e.getMessage(), e);
        }
    }

    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        ProcessRun run = ProcessRun.run(command, Map.of(), Duration.ofSeconds(10));
        return run.exitCode() == 0 ? run.stdout() : "";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (Files.exists(dir.resolve("redis.pid"))) {
            stop();
        }
    }
}
