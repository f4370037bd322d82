package dev.fleetdeck.launch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.cache.CacheCounter;
import dev.fleetdeck.cache.CacheCounts;
import dev.fleetdeck.cache.CacheMetrics;
import dev.fleetdeck.fleet.AgentEngine;
import java.time.Duration;
import java.util.Set;

/**
 * Which images each agent has, cached so placement does not ask every engine on every launch.
 * A create that fails for a missing image drops the agent's entry.
 */
public final class ImagePresence implements CacheMetrics {
    private final Cache<String, Set<String>> tags;
    private final CacheCounter counter = new CacheCounter();
    private final Ticker ticker;

    public ImagePresence(Duration ttl, Ticker ticker) {
        this.ticker = ticker;
        this.tags = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .executor(Runnable::run)
                .removalListener((k, v, cause) -> {
                    if (cause.wasEvicted()) {
                        counter.evicted();
                    }
                })
                .build();
    }

    @Override
    public String name() {
        return "image presence";
    }

    @Override
    public CacheCounts counts() {
        tags.cleanUp();
        return counter.snapshot();
    }

    public boolean has(String agent, AgentEngine engine, String image) throws AgentEngine.EngineException {
        long t0 = ticker.read();
        Set<String> known = tags.getIfPresent(agent);
        if (known != null) {
            counter.hit(ticker.read() - t0);
            return known.contains(image);
        }
        Set<String> fresh = engine.imageTags();
        tags.put(agent, fresh);
        counter.miss(ticker.read() - t0);
        return fresh.contains(image);
    }

    public void forget(String agent) {
        tags.invalidate(agent);
    }
}
