package dev.fleetdeck.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the command line, on the configuration the test bed writes for its TLS parts:
 * an agent reached over tcp:// with client certificates and a Redis over rediss:// with an ACL user
 * whose password is in a file. The docker CLI and redis-cli are the witnesses.
 */
@RealTestBed
class TlsFleetCliTestBedTest {

    @TempDir
    Path home;

    private CliRun run(String... args) {
        return CliRun.in(home, args);
    }

    private static String user(TestBed bed) {
        return "tlscli-" + bed.runId();
    }

    @AfterEach
    void removeSessions(TestBed bed) {
        String ids = bed.tlsDocker("ps", "-aq", "--filter", "label=" + SessionLabels.USER + "=" + user(bed))
                .strip();
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(ids.split("\\s+")));
            bed.tlsDocker(args.toArray(String[]::new));
        }
    }

    @Test
    void aLaunchOverTlsIsRecordedInTheTlsRedisAndNoSecretIsPrinted(TestBed bed) throws Exception {
        String config = bed.tlsFleetConfig().toString();
        String password = Files.readString(bed.tls().redisPasswordFile()).strip();

        CliRun check = run("config", "check", "--config", config);
        CliRun launch = run(
                "--config",
                config,
                "launch",
                "--type",
                "firefox",
                "--user",
                user(bed),
                "--env",
                "STARTUP_SECONDS=0",
                "--json");
        CliRun caches = run("--config", config, "caches", "--json");

        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out())
                .contains(
                        "tls " + bed.tls().clientCerts(),
                        "user fleetdeck, password from file " + bed.tls().redisPasswordFile() + ", CA "
                                + bed.tls().caFile());
        assertThat(launch.exitCode()).as(launch.err()).isZero();
        JsonNode record = new ObjectMapper()
                .readTree(launch.out()
                        .lines()
                        .filter(l -> l.startsWith("{"))
                        .findFirst()
                        .orElseThrow());
        assertThat(record.path("outcome").asText()).as(launch.out()).isEqualTo("ready");
        assertThat(record.path("agent").asText()).isEqualTo(bed.tls().agent());
        String session = record.path("sessionId").asText();
        assertThat(bed.tlsDocker("ps", "-q", "--filter", "label=" + SessionLabels.SESSION + "=" + session)
                        .strip())
                .isNotEmpty();
        assertThat(redisCli(bed, password, "ZRANGE", "fleetdeck:startups", "-1000", "-1"))
                .contains(session);
        JsonNode redis = new ObjectMapper().readTree(caches.out()).path("redis");
        assertThat(redis.path("server").asText()).isEqualTo(bed.tls().redis() + " (user fleetdeck)");
        assertThat(redis.path("version").asText()).as(caches.out()).matches("\\d+\\.\\d+\\.\\d+");
        for (CliRun run : List.of(check, launch, caches)) {
            assertThat(run.out() + run.err()).doesNotContain(password);
        }
    }

    /** redis-cli over TLS as the ACL user, the password passed in its environment (not on a command line). */
    private static String redisCli(TestBed bed, String password, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "redis-cli",
                "--no-auth-warning",
                "--tls",
                "--cacert",
                bed.tls().caFile().toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(bed.tls().redis().getPort()),
                "--user",
                bed.tls().redisUser()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("REDISCLI_AUTH", password);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
