package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine.EngineException;
import dev.fleetdeck.launch.ImagePresence;
import dev.fleetdeck.launch.InProcessQuotaCache;
import dev.fleetdeck.launch.LaunchRequest;
import dev.fleetdeck.launch.Launcher;
import dev.fleetdeck.launch.Placement;
import dev.fleetdeck.launch.QuotaCheck;
import dev.fleetdeck.launch.Readiness;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The test bed's TLS agent: an engine that listens on tcp:// with {@code --tlsverify}, so only a
 * client with a certificate of its CA gets in. The docker CLI on the engine's unix socket is the
 * witness; the console's side must never show key material, whatever goes wrong.
 */
@RealTestBed
class DockerEngineTlsTestBedTest {
    private static final long MIB = 1L << 20;
    private static final DockerEngineSettings QUICK =
            new DockerEngineSettings(Duration.ofSeconds(2), Duration.ofSeconds(3), 4);

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private OutputStreamAppender<ILoggingEvent> capture;
    private Level rootLevel;

    @TempDir
    Path dir;

    // Every log line at DEBUG (docker-java, httpclient, ours) into `logs`, whatever logback.xml says, and
    // stderr too: key material must be in neither.
    @BeforeEach
    void catchLogs() {
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, logs), true, StandardCharsets.UTF_8));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger - %msg%n%ex");
        encoder.start();
        capture = new OutputStreamAppender<>();
        capture.setContext(context);
        capture.setEncoder(encoder);
        capture.setOutputStream(logs);
        capture.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        root.addAppender(capture);
    }

    @AfterEach
    void restore(TestBed bed) {
        System.setErr(originalErr);
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(capture);
        root.setLevel(rootLevel);
        capture.stop();
        pool.shutdownNow();
        String ids = bed.tlsDocker("ps", "-aq", "--filter", "label=" + SessionLabels.USER + "=tls-" + bed.runId())
                .strip();
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(ids.split("\\s+")));
            bed.tlsDocker(args.toArray(String[]::new));
        }
    }

    @Test
    void withTheClientCertificatesTheEngineListsAndRunsContainers(TestBed bed) throws Exception {
        DockerEngine engine = bed.tlsEngine(bed.tls().clientCerts(), QUICK);

        assertThat(engine.ping()).isPositive();
        EngineInfo info = engine.info();
        assertThat(info.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(engine.imageTags()).contains(bed.image("firefox"));

        String id = engine.create(new ContainerSpec(
                bed.image("plain"),
                "fd-tls-" + bed.runId(),
                bed.testLabels(),
                Map.of(),
                64 * MIB,
                512,
                0,
                0,
                List.of("/usr/local/bin/workspace")));
        engine.start(id);

        assertThat(engine.listContainers(false))
                .extracting(ContainerSummary::id)
                .contains(id);
        assertThat(bed.tlsDocker("inspect", "-f", "{{.State.Status}} {{.Name}}", id)
                        .strip())
                .isEqualTo("running /fd-tls-" + bed.runId());
        assertThat(engine.stats(id).memLimit()).isEqualTo(64 * MIB);
    }

    @Test
    void aLaunchOverTlsBecomesReadyFromTheEventStream(TestBed bed) throws Exception {
        DockerEngine engine =
                bed.tlsEngine(bed.tls().clientCerts(), QUICK.withLifecycleTimeout(Duration.ofSeconds(30)));
        AgentMonitor monitor = new AgentMonitor(
                bed.tlsAgentConfig(bed.tls().clientCerts()), engine, new AdminStates(), Clock.systemUTC());
        WorkspaceType firefox =
                new WorkspaceType("firefox", bed.image("firefox"), 0.5, 128 * MIB, CpuAllocation.SHARES, 30);
        List<String> problems = new CopyOnWriteArrayList<>();
        try (FleetMonitor fleet =
                        new FleetMonitor(List.of(monitor), Duration.ofSeconds(2), 10, null, pool, Clock.systemUTC());
                JournalStartupStore store = new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper())) {
            fleet.refreshAll();
            ImagePresence images = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
            Launcher launcher = new Launcher(
                    fleet,
                    name -> name.equals("firefox") ? firefox : null,
                    new QuotaCheck(new InProcessQuotaCache(Duration.ofSeconds(60), Ticker.systemTicker()), fleet, 3),
                    new Placement(
                            fleet,
                            images,
                            System::nanoTime,
                            Duration.ofSeconds(4).toNanos()),
                    images,
                    new Readiness(System::nanoTime),
                    store,
                    Clock.systemUTC(),
                    System::nanoTime,
                    problems::add);

            StartupRecord record = launcher.launch(
                    new LaunchRequest("firefox", "tls-" + bed.runId(), null, Map.of("STARTUP_SECONDS", "0.5")), null);

            assertThat(record.ready()).as(String.valueOf(record.error())).isTrue();
            assertThat(record.agent()).isEqualTo(bed.tls().agent());
            assertThat(record.performance().readinessSource()).isEqualTo("events");
            assertThat(bed.tlsDocker("inspect", "-f", "{{.State.Health.Status}}", record.containerId())
                            .strip())
                    .isEqualTo("healthy");
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void withoutClientCertificatesTheMessageNamesTheAgentAndTheFix(TestBed bed) throws Exception {
        DockerEngine engine = bed.tlsEngine(null, QUICK);

        EngineException ping = catchThrowableOfType(engine::ping, EngineException.class);
        EngineException list = catchThrowableOfType(() -> engine.listContainers(true), EngineException.class);

        for (EngineException e : List.of(ping, list)) {
            assertThat(e.getMessage())
                    .as("message")
                    .startsWith(bed.tls().agent() + ": ")
                    .contains(bed.tls().host().toString())
                    .contains("speaks TLS")
                    .contains("tls: ")
                    .doesNotContain("\n");
        }
        assertNoKeyMaterial(bed, List.of(ping, list));
    }

    @Test
    void aWrongCaOrARefusedClientCertificateFailsClearlyWithoutKeyMaterial(TestBed bed) throws Exception {
        DockerEngine wrongCa = bed.tlsEngine(bed.tls().wrongCaCerts(), QUICK);
        DockerEngine wrongClient = bed.tlsEngine(bed.tls().wrongClientCerts(), QUICK);

        EngineException untrusted = catchThrowableOfType(wrongCa::ping, EngineException.class);
        EngineException refused = catchThrowableOfType(() -> wrongClient.listContainers(true), EngineException.class);

        assertThat(untrusted.getMessage())
                .startsWith(bed.tls().agent() + ": ")
                .contains("not signed by the CA in " + bed.tls().wrongCaCerts().resolve("ca.pem"))
                .contains("put the CA that signed the engine's certificate there")
                .doesNotContain("\n");
        assertThat(refused.getMessage())
                .startsWith(bed.tls().agent() + ": ")
                .contains(
                        "the client certificate " + bed.tls().wrongClientCerts().resolve("cert.pem"))
                .contains("dockerd --tlscacert")
                .doesNotContain("\n");
        assertNoKeyMaterial(bed, List.of(untrusted, refused));
    }

    @Test
    void anUnreadableKeyFileIsReportedWithoutItsContent(TestBed bed) throws Exception {
        Path certs = Files.createDirectories(dir.resolve("broken"));
        Files.copy(bed.tls().clientCerts().resolve("ca.pem"), certs.resolve("ca.pem"));
        Files.copy(bed.tls().clientCerts().resolve("cert.pem"), certs.resolve("cert.pem"));
        String garbage =
                "-----BEGIN EC PRIVATE KEY-----\nTHIS-IS-NOT-A-KEY-BUT-SHOULD-STAY-PRIVATE\n-----END EC PRIVATE KEY-----\n";
        Files.writeString(certs.resolve("key.pem"), garbage);

        Throwable failure =
                catchThrowableOfType(() -> bed.tlsEngine(certs, QUICK).ping(), Exception.class);

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage())
                .startsWith(bed.tls().agent() + ": ")
                .contains(certs.toString())
                .doesNotContain("THIS-IS-NOT-A-KEY");
        assertThat(stackTrace(failure)).doesNotContain("THIS-IS-NOT-A-KEY");
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("THIS-IS-NOT-A-KEY");
    }

    private void assertNoKeyMaterial(TestBed bed, List<? extends Throwable> failures) throws Exception {
        List<String> secrets = new ArrayList<>();
        for (Path folder : List.of(bed.tls().clientCerts(), bed.tls().wrongClientCerts())) {
            for (String line : Files.readAllLines(folder.resolve("key.pem"))) {
                if (!line.startsWith("-----") && line.length() >= 16) {
                    secrets.add(line);
                }
            }
        }
        assertThat(secrets).isNotEmpty();
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged)
                .as("the TLS calls were logged, so the check below means something")
                .isNotBlank();
        for (Throwable failure : failures) {
            String everything = stackTrace(failure);
            for (String secret : secrets) {
                assertThat(everything).doesNotContain(secret);
                assertThat(logged).doesNotContain(secret);
            }
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** Writes to both streams: the build log keeps its lines and the test sees them. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
