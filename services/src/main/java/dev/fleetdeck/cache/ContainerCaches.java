package dev.fleetdeck.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.ContainerState;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.EngineInfo;
import dev.fleetdeck.fleet.StatsSample;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The caches that spare Docker API calls, shared by every agent's {@link CachingEngine} so the
 * console shows four caches, not four per agent: container status ({@code inspect}), container
 * stats, the container list, and agent info ({@code docker info}).
 */
public final class ContainerCaches {

    /** Times to live, as the pooled Docker client report chose them; agent info changes rarely. */
    public record Ttls(Duration status, Duration stats, Duration list, Duration info) {
        public static Ttls defaults() {
            return new Ttls(
                    Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60));
        }
    }

    /** A container of one agent: ids are unique per engine only. */
    record Key(String agent, String id) {}

    /** One agent's list, running containers only or all. */
    record ListKey(String agent, boolean all) {}

    private static final long MAX_ENTRIES = 10_000;

    final TimedCache<Key, ContainerState> status;
    final TimedCache<Key, StatsSample> stats;
    final TimedCache<ListKey, List<ContainerSummary>> list;
    final TimedCache<String, EngineInfo> info;

    public ContainerCaches(Ttls ttls, Ticker ticker) {
        this.status = new TimedCache<>("container status", ttls.status(), MAX_ENTRIES, ticker);
        this.stats = new TimedCache<>("container stats", ttls.stats(), MAX_ENTRIES, ticker);
        this.list = new TimedCache<>("container list", ttls.list(), MAX_ENTRIES, ticker);
        this.info = new TimedCache<>("agent info", ttls.info(), MAX_ENTRIES, ticker);
    }

    /** An engine that answers from these caches where it can and asks {@code engine} otherwise. */
    public CachingEngine wrap(String agent, AgentEngine engine) {
        return new CachingEngine(agent, engine, this);
    }

    public List<CacheMetrics> metrics() {
        return List.of(status, stats, list, info);
    }

    /** Everything known about one container of the agent, and the agent's lists that hold it. */
    void containerChanged(String agent, String id) {
        status.invalidate(new Key(agent, id));
        stats.invalidate(new Key(agent, id));
        listChanged(agent);
    }

    /**
     * A container's health changed: its status is dropped, and the agent's cached lists get the
     * new health word in that container's status text ("Up 3 minutes (healthy)"), which is the
     * only place the list shows health.
     */
    void healthChanged(String agent, String id, String health) {
        status.invalidate(new Key(agent, id));
        for (boolean all : new boolean[] {false, true}) {
            list.update(
                    new ListKey(agent, all),
                    containers -> containers.stream()
                            .map(c -> c.id().equals(id) ? withHealth(c, health) : c)
                            .toList());
        }
    }

    private static ContainerSummary withHealth(ContainerSummary c, String health) {
        String word = "starting".equals(health) ? "health: starting" : health;
        String status = c.status() == null ? "" : c.status();
        String bare = HEALTH_WORD.matcher(status).replaceAll("").trim();
        return new ContainerSummary(
                c.id(), c.name(), c.image(), c.state(), bare + " (" + word + ")", c.created(), c.labels());
    }

    private static final Pattern HEALTH_WORD = Pattern.compile("\\((healthy|unhealthy|health: starting)\\)");

    void listChanged(String agent) {
        list.invalidate(new ListKey(agent, false));
        list.invalidate(new ListKey(agent, true));
    }

    /** Everything of one agent, e.g. when it stopped answering: its containers may be gone. */
    void agentChanged(String agent) {
        status.invalidateIf(k -> k.agent().equals(agent));
        stats.invalidateIf(k -> k.agent().equals(agent));
        list.invalidateIf(k -> k.agent().equals(agent));
        info.invalidate(agent);
    }
}
