package dev.fleetdeck.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hints a failed connection gets, for the messages lettuce was seen to give on the test bed. */
class RedisConnectorHintTest {
    @Test
    void aPlainClientDroppedByATlsServerIsToldToUseRediss() {
        for (String why : new String[] {
            "Connection reset by peer", "Connection closed prematurely", "RedisHandshakeHandler not registered"
        }) {
            assertThat(RedisConnector.hint(why, false)).as(why).contains("use rediss://");
            // Already on TLS, the advice would be wrong.
            assertThat(RedisConnector.hint(why, true)).as(why).doesNotContain("rediss://");
        }
    }

    @Test
    void credentialsAndCertificatesGetTheirOwnHints() {
        assertThat(RedisConnector.hint("WRONGPASS invalid username-password pair", true))
                .contains("check the user and password");
        assertThat(RedisConnector.hint("PKIX path building failed", true)).contains("set caFile:");
        assertThat(RedisConnector.hint("Connection refused", false)).isEmpty();
    }
}
