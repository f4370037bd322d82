package dev.fleetdeck.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One agent's container engine, as the console needs it. {@code DockerEngine} talks to a real
 * Docker engine; {@code SimulatedEngine} backs the demo fleet and scale tests. Every call has a
 * bounded duration: an engine that does not answer in time throws {@link EngineException}.
 */
public interface AgentEngine extends AutoCloseable {

    /** Round trip of {@code /_ping}. */
    Duration ping() throws EngineException;

    EngineInfo info() throws EngineException;

    /** Containers, running ones only unless {@code all}. */
    List<ContainerSummary> listContainers(boolean all) throws EngineException;

    /** One stats sample of one container, read without waiting for a second sample. */
    StatsSample stats(String containerId) throws EngineException;

    /**
     * One sample of each container given, as {@link #stats} would read them, leaving out those
     * gone meanwhile. Docker answers all of them from one collection when they are asked
     * together (see {@code DockerEngine}); this default asks one after another.
     */
    default Map<String, StatsSample> statsAll(List<String> containerIds) throws EngineException {
        Map<String, StatsSample> samples = new HashMap<>();
        for (String id : containerIds) {
            try {
                samples.put(id, stats(id));
            } catch (EngineException e) {
                // A container that ended between list and stats is normal churn, not a sick agent.
                if (!e.containerGone()) {
                    throw e;
                }
            }
        }
        return samples;
    }

    /** Repository tags of the images present, e.g. {@code fleetdeck/firefox:1.0}. */
    Set<String> imageTags() throws EngineException;

    /**
     * The image as a {@code docker save} tar stream, for copying it to an agent that lacks it.
     * The caller closes the stream; reading it is not bounded by the call timeout, since an image
     * of gigabytes takes as long as the link needs.
     */
    default InputStream saveImage(String tag) throws EngineException {
        throw new EngineException(getClass().getSimpleName() + " cannot save images");
    }

    /**
     * The image's size as the engine reports it ({@code docker image inspect}'s Size): about what
     * its {@code docker save} stream carries, for a copy's progress; 0 when not known.
     */
    default long imageSize(String tag) throws EngineException {
        return 0;
    }

    /** Loads a {@code docker save} tar stream, as {@code docker load}; returns when the engine has it. */
    default void loadImage(InputStream tar) throws EngineException {
        throw new EngineException(getClass().getSimpleName() + " cannot load images");
    }

    /**
     * Pulls {@code reference} from its registry, as {@code docker pull}, and tags it
     * {@code localTag} when that differs (an image pulled from a mirror then carries the name the
     * workspace asks for; the registry's name stays too, as after {@code docker pull} and
     * {@code docker tag}, so the image's digest still says where it came from). Returns when the
     * engine lists {@code localTag}. Bounded like an image
     * transfer, not like a quick call: gigabytes take as long as the link needs.
     */
    default void pullImage(String reference, String localTag) throws EngineException {
        throw new EngineException(getClass().getSimpleName() + " cannot pull images");
    }

    /**
     * What Docker keeps on disk, by kind, and each container's writable layer, as
     * {@code docker system df -v} reads them ({@code GET /system/df}). The engine walks every layer
     * and volume for it, which takes seconds to minutes on a big agent: bounded by its own timeout
     * rather than the call timeout, and never asked on the refresh path.
     */
    default DockerDiskUsage diskUsage() throws EngineException {
        throw new EngineException(getClass().getSimpleName() + " cannot read disk usage");
    }

    /** Creates (does not start) a container; returns its id. */
    String create(ContainerSpec spec) throws EngineException;

    void start(String containerId) throws EngineException;

    /** Graceful stop: SIGTERM, then SIGKILL after {@code grace}. */
    void stop(String containerId, Duration grace) throws EngineException;

    void remove(String containerId, boolean force) throws EngineException;

    ContainerState inspect(String containerId) throws EngineException;

    /**
     * Runs a command inside a running container (Docker's exec) and waits for it, at most
     * {@code limit}: past it the call fails with a timeout (Docker cannot kill an exec; the command
     * may still finish in the container). Used for the workspace's notice command.
     */
    default ExecResult exec(String containerId, List<String> command, Duration limit) throws EngineException {
        throw new EngineException(getClass().getSimpleName() + " cannot run commands in containers");
    }

    /**
     * Subscribes to container events until the returned handle is closed. The listener runs on
     * the engine's own thread and must not block.
     */
    AutoCloseable events(Consumer<ContainerEvent> listener) throws EngineException;

    /**
     * The engine without any cache in front: for answers that must be fresh, such as a launch's
     * readiness checks when no event stream tells the cache what changed.
     */
    default AgentEngine uncached() {
        return this;
    }

    @Override
    void close() throws IOException;

    /** A failure to reach or use an engine: the message names the agent and the cause. */
    class EngineException extends Exception {
        public EngineException(String message) {
            super(message);
        }

        public EngineException(String message, Throwable cause) {
            super(message, cause);
        }

        /** The container asked for is not there (removed meanwhile, or never was): Docker's 404 and the simulator's. */
        public boolean containerGone() {
            return String.valueOf(getMessage()).toLowerCase(Locale.ROOT).contains("no such container");
        }
    }
}
