package dev.fleetdeck.cache;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.ContainerEvent;
import dev.fleetdeck.fleet.ContainerSpec;
import dev.fleetdeck.fleet.ContainerState;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.DockerDiskUsage;
import dev.fleetdeck.fleet.EngineInfo;
import dev.fleetdeck.fleet.ExecResult;
import dev.fleetdeck.fleet.StatsSample;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An {@link AgentEngine} that answers status, stats, the container list and agent info from
 * {@link ContainerCaches} and asks the engine underneath only on a miss. Whatever changes a
 * container (create, start, stop, remove, and every container event, ours or another console's)
 * drops that container's entries and the agent's lists, so a cached answer is never staler than
 * the last change the engine told about.
 *
 * <p>Not cached: {@code ping} (it is the liveness check), stats streams (already free to read),
 * image tags (see {@code ImagePresence}). A failed ping drops everything of the agent: an engine
 * that comes back may have lost its containers, and its event stream is gone.
 */
public final class CachingEngine implements AgentEngine {
    private final String agent;
    private final AgentEngine engine;
    private final ContainerCaches caches;
    private AutoCloseable watching;

    public CachingEngine(String agent, AgentEngine engine, ContainerCaches caches) {
        this.agent = agent;
        this.engine = engine;
        this.caches = caches;
    }

    @Override
    public Duration ping() throws EngineException {
        try {
            return engine.ping();
        } catch (EngineException e) {
            stopWatching();
            caches.agentChanged(agent);
            throw e;
        }
    }

    @Override
    public EngineInfo info() throws EngineException {
        return caches.info.get(agent, engine::info);
    }

    @Override
    public List<ContainerSummary> listContainers(boolean all) throws EngineException {
        watch();
        return caches.list.get(new ContainerCaches.ListKey(agent, all), () -> List.copyOf(engine.listContainers(all)));
    }

    @Override
    public StatsSample stats(String containerId) throws EngineException {
        watch();
        return caches.stats.get(new ContainerCaches.Key(agent, containerId), () -> engine.stats(containerId));
    }

    @Override
    public ContainerState inspect(String containerId) throws EngineException {
        watch();
        return caches.status.get(new ContainerCaches.Key(agent, containerId), () -> engine.inspect(containerId));
    }

    /** Not cached: the monitor's sampling rounds are what the figures are, taken at their own pace. */
    @Override
    public Map<String, StatsSample> statsAll(List<String> containerIds) throws EngineException {
        watch();
        return engine.statsAll(containerIds);
    }

    /** Never cached: it is read every few minutes, and a stale disk figure says so itself. */
    @Override
    public DockerDiskUsage diskUsage() throws EngineException {
        return engine.diskUsage();
    }

    @Override
    public Set<String> imageTags() throws EngineException {
        return engine.imageTags();
    }

    @Override
    public long imageSize(String tag) throws EngineException {
        return engine.imageSize(tag);
    }

    @Override
    public InputStream saveImage(String tag) throws EngineException {
        return engine.saveImage(tag);
    }

    @Override
    public void pullImage(String reference, String localTag) throws EngineException {
        engine.pullImage(reference, localTag);
    }

    @Override
    public void loadImage(InputStream tar) throws EngineException {
        engine.loadImage(tar);
    }

    @Override
    public String create(ContainerSpec spec) throws EngineException {
        try {
            String id = engine.create(spec);
            caches.containerChanged(agent, id);
            return id;
        } finally {
            // Even a failed create may have left a container behind.
            caches.listChanged(agent);
        }
    }

    @Override
    public void start(String containerId) throws EngineException {
        try {
            engine.start(containerId);
        } finally {
            caches.containerChanged(agent, containerId);
        }
    }

    /** Changes nothing a cache holds: passed through. */
    @Override
    public ExecResult exec(String containerId, List<String> command, Duration limit) throws EngineException {
        return engine.exec(containerId, command, limit);
    }

    @Override
    public void stop(String containerId, Duration grace) throws EngineException {
        try {
            engine.stop(containerId, grace);
        } finally {
            caches.containerChanged(agent, containerId);
        }
    }

    @Override
    public void remove(String containerId, boolean force) throws EngineException {
        try {
            engine.remove(containerId, force);
        } finally {
            caches.containerChanged(agent, containerId);
        }
    }

    /** The engine's events, each one first dropping what it makes stale. */
    @Override
    public AutoCloseable events(Consumer<ContainerEvent> listener) throws EngineException {
        return engine.events(e -> {
            changed(e);
            listener.accept(e);
        });
    }

    /**
     * What an event makes stale, by its kind. Health checks are execs: a session checked once a
     * second sends three exec events a second, which change nothing cached, and clearing the
     * agent's list for each kept a fleet's lists from ever being hit. A health change alters only
     * the container's status and the health word in the list's status text, which is rewritten in
     * place. Events that change no state (attach, resize, top, copy, export, commit) clear nothing;
     * nor does a kill, whose container, if the signal ends it, sends its own die.
     */
    private void changed(ContainerEvent e) {
        String action = e.action();
        String health = e.healthStatus();
        if (health != null) {
            caches.healthChanged(agent, e.containerId(), health);
        } else if (action.startsWith("exec_") || QUIET_ACTIONS.contains(action)) {
            return;
        } else {
            caches.containerChanged(agent, e.containerId());
        }
    }

    /** Events that change neither a container's state nor any list. */
    private static final Set<String> QUIET_ACTIONS = Set.of(
            "attach",
            "detach",
            "resize",
            "top",
            "copy",
            "kill",
            "archive-path",
            "extract-to-dir",
            "export",
            "commit",
            "mount",
            "unmount");

    /**
     * Listens to the engine's events while anything is cached, so changes made by others (another
     * console, {@code docker} by hand, a container that dies) drop their entries at once.
     * Without an event stream the entries still expire after their time to live.
     */
    private synchronized void watch() {
        if (watching != null) {
            return;
        }
        try {
            watching = engine.events(this::changed);
        } catch (EngineException e) {
            // the next cached call tries again
        }
    }

    private synchronized void stopWatching() {
        if (watching != null) {
            try {
                watching.close();
            } catch (Exception ignored) {
                // the stream is gone either way
            }
            watching = null;
        }
    }

    @Override
    public AgentEngine uncached() {
        return engine.uncached();
    }

    @Override
    public void close() throws IOException {
        stopWatching();
        engine.close();
    }
}
