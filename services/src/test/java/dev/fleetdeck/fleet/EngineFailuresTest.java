package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.NotFoundException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineFailuresTest {

    private final EngineFailures failures =
            new EngineFailures("agent2", URI.create("unix:///run/a2/docker.sock"), new ObjectMapper());

    @Test
    void timeoutNamesAgentLimitAndHost() {
        assertThat(failures.timeout(Duration.ofSeconds(3)).getMessage())
                .isEqualTo("agent2: no answer within 3 s (unix:///run/a2/docker.sock)");
        assertThat(failures.timeout(Duration.ofMillis(1500)).getMessage())
                .isEqualTo("agent2: no answer within 1500 ms (unix:///run/a2/docker.sock)");
    }

    @Test
    void daemonErrorsKeepOnlyTheDaemonsMessage() {
        var e = failures.of(new NotFoundException("Status 404: {\"message\":\"No such container: abc\"}\n"));

        assertThat(e.getMessage()).isEqualTo("agent2: HTTP 404: No such container: abc");
    }

    @Test
    void wrappedConnectionFailuresSayTheAgentCannotBeReached() {
        var e = failures.of(new RuntimeException(new ConnectException("Connection refused")));

        assertThat(e.getMessage())
                .isEqualTo("agent2: cannot connect to unix:///run/a2/docker.sock (Connection refused)");
    }

    @Test
    void socketTimeoutsSayNoAnswer() {
        var e = failures.of(new RuntimeException(new SocketTimeoutException("Read timed out")));

        assertThat(e.getMessage()).startsWith("agent2: no answer in time");
    }

    @Test
    void messagesAreOneLineAndCarryNoUserInfo() {
        EngineFailures tcp =
                new EngineFailures("a", URI.create("tcp://admin:s3cret@10.0.0.5:2376/?token=x"), new ObjectMapper());

        String message =
                tcp.of(new IllegalStateException("first line\n  second line")).getMessage();

        assertThat(message).isEqualTo("a: first line second line (tcp://10.0.0.5:2376/)");
        assertThat(message).doesNotContain("s3cret").doesNotContain("token");
    }
}
