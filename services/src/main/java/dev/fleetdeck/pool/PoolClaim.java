package dev.fleetdeck.pool;

import java.time.Instant;

/** A staged session a user took: kept as long as its container lives, so every process knows its owner. */
public record PoolClaim(String user, Instant at, PoolEntry entry) {}
