package dev.fleetdeck.cache;

import java.time.Duration;
import java.util.Optional;

/** One cache's counters at one moment. */
public record CacheSample(String name, Optional<Duration> ttl, CacheCounts counts) {}
