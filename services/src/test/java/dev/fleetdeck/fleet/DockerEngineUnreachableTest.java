package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.fleet.AgentEngine.EngineException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engines that cannot be reached: no test bed needed, a Java socket plays the dead daemon. */
class DockerEngineUnreachableTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Far above the timeout: proves "does not hang", not speed. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    private ServerSocketChannel server;
    private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();
    private Thread acceptor;
    private Path socket;

    /** Accepts every connection and never answers: what a wedged dockerd looks like. */
    @BeforeEach
    void startSilentDaemon() throws IOException {
        socket = tmp.resolve("silent.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(
                () -> {
                    try {
                        while (true) {
                            accepted.add(server.accept());
                        }
                    } catch (IOException closed) {
                        // the test is over
                    }
                },
                "silent-daemon");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stopSilentDaemon() throws Exception {
        server.close();
        for (SocketChannel channel : accepted) {
            channel.close();
        }
        acceptor.join(2000);
    }

    private DockerEngine engine(String name, URI host) {
        return new DockerEngine(
                new AgentConfig(name, host, null, "default", true, 0, 0, false),
                DockerEngineSettings.defaults().withCallTimeout(TIMEOUT).withLifecycleTimeout(TIMEOUT));
    }

    @Test
    void aSilentDaemonGivesEngineExceptionNamingAgentTimeoutAndHost() throws Exception {
        URI host = URI.create("unix://" + socket);
        try (DockerEngine engine = engine("agent9", host)) {
            EngineException e = assertTimeoutPreemptively(HANG_GUARD, () -> catchEngineException(engine::ping));

            assertThat(e).hasMessage("agent9: no answer within 1 s (" + host + ")");
            assertThat(accepted).as("the engine really connected").isNotEmpty();
        }
    }

    @Test
    void everyKindOfCallIsBoundedOnASilentDaemon() throws Exception {
        try (DockerEngine engine = engine("agent9", URI.create("unix://" + socket))) {
            List<ThrowingCall> calls = List.of(
                    engine::info,
                    () -> engine.listContainers(true),
                    () -> engine.stats("abc"),
                    () -> engine.statsAll(List.of("abc", "def")),
                    engine::imageTags,
                    () -> engine.inspect("abc"),
                    () -> engine.create(
                            new ContainerSpec("fleetdeck/plain:1.0", null, Map.of(), Map.of(), 0, 0, 0, 0, List.of())),
                    () -> {
                        engine.stop("abc", Duration.ZERO);
                        return null;
                    },
                    () -> {
                        engine.remove("abc", true);
                        return null;
                    },
                    () -> engine.events(event -> {}));
            for (ThrowingCall call : calls) {
                EngineException e = assertTimeoutPreemptively(HANG_GUARD, () -> catchEngineException(call));
                assertThat(e.getMessage()).startsWith("agent9: no answer within 1 s");
            }
        }
    }

    @Test
    void aMissingSocketSaysTheAgentCannotBeReached() throws Exception {
        URI host = URI.create("unix://" + tmp.resolve("nobody-home.sock"));
        try (DockerEngine engine = engine("agent8", host)) {
            EngineException e = assertTimeoutPreemptively(HANG_GUARD, () -> catchEngineException(engine::ping));

            assertThat(e.getMessage()).startsWith("agent8: cannot connect to " + host);
            assertThat(e.getMessage()).doesNotContain("\n");
        }
    }

    @Test
    void callsAfterCloseFailAsEngineExceptions() throws Exception {
        DockerEngine engine = engine("agent7", URI.create("unix://" + socket));
        engine.close();
        engine.close();

        assertThatThrownBy(engine::ping).isInstanceOf(EngineException.class).hasMessage("agent7: engine is closed");
        assertThatThrownBy(() -> engine.events(e -> {})).isInstanceOf(EngineException.class);
    }

    @Test
    void plainTcpToAnotherMachineNeedsTlsOrAnExplicitInsecureFlag() throws Exception {
        URI remote = URI.create("tcp://192.0.2.10:2375");
        AgentConfig plain = new AgentConfig("far", remote, null, "default", true, 0, 0, false);

        assertThatThrownBy(() -> new DockerEngine(plain, DockerEngineSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without TLS");

        AgentConfig allowed = new AgentConfig("far", remote, null, "default", true, 0, 0, true);
        new DockerEngine(allowed, DockerEngineSettings.defaults()).close();
        AgentConfig local =
                new AgentConfig("near", URI.create("tcp://127.0.0.1:2375"), null, "default", true, 0, 0, false);
        new DockerEngine(local, DockerEngineSettings.defaults()).close();
    }

    @Test
    void anInvalidContainerIdIsRejectedBeforeAnyRequest() throws Exception {
        try (DockerEngine engine = engine("agent9", URI.create("unix://" + socket))) {
            assertThatThrownBy(() -> engine.stats("../images/json"))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("not a container id");
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        Object call() throws Exception;
    }

    private static EngineException catchEngineException(ThrowingCall call) {
        try {
            call.call();
        } catch (EngineException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an EngineException, got " + e, e);
        }
        throw new AssertionError("expected an EngineException, the call succeeded");
    }
}
