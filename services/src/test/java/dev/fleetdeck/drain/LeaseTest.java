package dev.fleetdeck.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.testbed.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-process lease: one holder, expiry after its TTL, release only by the holder. */
class LeaseTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T08:00:00Z"));
    private final InProcessLease lease = new InProcessLease(clock);
    private final Duration ttl = Duration.ofSeconds(30);

    @Test
    void aHeldLeaseIsRefusedToAnotherOwnerWithTheHoldersName() {
        assertThat(lease.acquire("agent1", "alice", ttl).granted()).isTrue();

        Lease.Grant second = lease.acquire("agent1", "bob", ttl);

        assertThat(second.granted()).isFalse();
        assertThat(second.holder()).isEqualTo("alice");
        assertThat(lease.acquire("agent2", "bob", ttl).granted()).isTrue();
    }

    @Test
    void aLeaseNotRenewedExpiresAfterItsTtlAndItsOldHolderCannotRenewIt() {
        lease.acquire("agent1", "alice", ttl);
        clock.advance(Duration.ofSeconds(29));
        assertThat(lease.acquire("agent1", "bob", ttl).granted()).isFalse();

        clock.advance(Duration.ofSeconds(1));

        assertThat(lease.acquire("agent1", "bob", ttl).granted()).isTrue();
        assertThat(lease.renew("agent1", "alice", ttl)).isEqualTo(Lease.Renewal.LOST);
        lease.release("agent1", "alice");
        assertThat(lease.holder("agent1")).contains("bob");
    }

    @Test
    void renewalKeepsTheLeasePastItsFirstTtl() {
        lease.acquire("agent1", "alice", ttl);
        clock.advance(Duration.ofSeconds(20));
        assertThat(lease.renew("agent1", "alice", ttl)).isEqualTo(Lease.Renewal.HELD);
        clock.advance(Duration.ofSeconds(20));

        assertThat(lease.acquire("agent1", "bob", ttl).granted()).isFalse();
        lease.release("agent1", "alice");
        assertThat(lease.acquire("agent1", "bob", ttl).granted()).isTrue();
    }
}
