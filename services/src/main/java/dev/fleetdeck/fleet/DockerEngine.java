package dev.fleetdeck.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import dev.fleetdeck.config.AgentConfig;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's real Docker engine, reached over {@code unix://}, {@code tcp://} or {@code tcp://}
 * with TLS client certificates. Every call is bounded by the settings' call timeout (a stop by its
 * grace period on top); failures become {@link EngineException}s naming the agent.
 *
 * <p>Two connection pools: one for ordinary calls, whose response timeout protects TCP agents,
 * and one without a response timeout for the event stream (which is legitimately silent for
 * minutes) and for stops (which answer only when the container has stopped).
 */
public final class DockerEngine implements AgentEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
    private static final Pattern CONTAINER_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final int MAX_STATS_BODY = 1 << 20;
    /** An agent with tens of thousands of containers, images and volumes answers /system/df in a few MiB. */
    static final int MAX_DISK_BODY = 64 << 20;
    /**
     * Connections of the stream pool: event streams (the caches' watch, each launch's readiness,
     * an open agent detail), stops, pulls and image copies, each holding one for as long as it
     * lasts. A pool of {@code maxConnections} (8) once made the 9th wait until its deadline.
     */
    static final int STREAM_CONNECTIONS = 1024;
    /**
     * One-shot stats requests in flight at once per agent. All of them are answered by one round
     * of the daemon's collector, so this is how many containers one second samples; an agent with
     * more takes a round (a second) per this many.
     */
    static final int STATS_IN_FLIGHT = 256;
    /** Agents over TLS sample through docker-java, a blocked thread per request: this many at once. */
    static final int TLS_STATS_LANES = 4;

    private static final Pattern IMAGE_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./:@-]*");
    /**
     * An image of gigabytes crosses the link in minutes, not in the call timeout of seconds; the
     * bound is still there so a load into an engine that stopped reading cannot hold a thread forever.
     */
    private static final Duration IMAGE_TRANSFER_LIMIT = Duration.ofMinutes(15);

    private final String agent;
    private final DockerEngineSettings settings;
    private final DockerHttpClient callHttp;
    private final DockerHttpClient streamHttp;
    /** For /system/df: its response timeout is the disk timeout, the one bound a TCP socket's blocked read obeys. */
    private final DockerHttpClient diskHttp;

    private final DockerClient calls;
    private final DockerClient streams;
    private final BoundedCalls bounded;
    private final EngineFailures failures;
    private final StatsParser statsParser;
    private final DiskUsageParser diskParser;
    private final Set<Closeable> subscriptions = ConcurrentHashMap.newKeySet();
    /** Raw one-shot requests on plain sockets; {@code null} for TLS agents. */
    private final OneShotStats oneShot;

    private final ExecutorService tlsLanes;
    private final AtomicBoolean closed = new AtomicBoolean();

    public DockerEngine(AgentConfig agent, DockerEngineSettings settings) {
        this(agent, settings, new ObjectMapper(), Clock.systemUTC());
    }

    DockerEngine(AgentConfig agent, DockerEngineSettings settings, ObjectMapper mapper, Clock clock) {
        this.agent = agent.name();
        this.settings = settings;
        this.failures = new EngineFailures(agent.name(), agent.host(), mapper, agent.tlsDir());
        this.statsParser = new StatsParser(mapper, clock);
        this.diskParser = new DiskUsageParser(mapper);
        requireSafeTransport(agent);

        DefaultDockerClientConfig config = clientConfig(agent);
        this.callHttp = tlsChecked(
                agent, () -> httpClient(config, settings.maxConnections(), settings, settings.callTimeout()));
        this.streamHttp = httpClient(config, Math.max(settings.maxConnections(), STREAM_CONNECTIONS), settings, null);
        this.diskHttp = httpClient(config, 2, settings, settings.diskTimeout());
        this.calls = DockerClientImpl.getInstance(config, callHttp);
        this.streams = DockerClientImpl.getInstance(config, streamHttp);
        this.bounded = new BoundedCalls(failures);
        this.oneShot = plainStats(agent);
        this.tlsLanes = oneShot != null ? null : lanePool(agent.name());
    }

    public String agent() {
        return agent;
    }

    @Override
    public Duration ping() throws EngineException {
        return bounded.run(settings.callTimeout(), () -> {
            long started = System.nanoTime();
            try (Response response = callHttp.execute(get("/_ping"))) {
                String body = readBody(response.getBody(), 1024);
                long elapsed = System.nanoTime() - started;
                if (response.getStatusCode() != 200) {
                    throw failures.http("ping", response.getStatusCode(), body);
                }
                // Docker answers "OK"; a web server at the address answers its own page with 200.
                if (!body.strip().equals("OK")) {
                    throw failures.http("ping", 200, body);
                }
                return Duration.ofNanos(elapsed);
            }
        });
    }

    @Override
    public EngineInfo info() throws EngineException {
        return bounded.run(settings.callTimeout(), () -> {
            Info info = calls.infoCmd().exec();
            String apiVersion = calls.versionCmd().exec().getApiVersion();
            return new EngineInfo(
                    info.getServerVersion(),
                    apiVersion,
                    orZero(info.getNCPU()),
                    info.getMemTotal() == null ? 0L : info.getMemTotal(),
                    orZero(info.getContainersRunning()),
                    info.getOperatingSystem());
        });
    }

    @Override
    public List<ContainerSummary> listContainers(boolean all) throws EngineException {
        return bounded.run(settings.callTimeout(), () -> {
            List<ContainerSummary> result = new ArrayList<>();
            for (Container c : calls.listContainersCmd().withShowAll(all).exec()) {
                String[] names = c.getNames();
                String name = names == null || names.length == 0 ? "" : names[0].replaceFirst("^/", "");
                Instant created = c.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(c.getCreated());
                result.add(new ContainerSummary(
                        c.getId(),
                        name,
                        c.getImage(),
                        c.getState(),
                        c.getStatus(),
                        created,
                        withoutNulls(c.getLabels())));
            }
            return List.copyOf(result);
        });
    }

    /**
     * One-shot stats of one container: docker-java's stats command has no one-shot flag and would
     * wait ~1 s for the daemon's second sample, so this sends the request itself; the caller
     * computes CPU from its own previous sample ({@link StatsMath}). Monitoring asks
     * {@link #statsAll} instead: one at a time, each waits for the collector's next round.
     */
    @Override
    public StatsSample stats(String containerId) throws EngineException {
        String id = containerRef(containerId);
        return bounded.run(settings.callTimeout(), () -> {
            String body;
            int status;
            try (Response response = callHttp.execute(get("/containers/" + id + "/stats?stream=false&one-shot=true"))) {
                status = response.getStatusCode();
                body = readBody(response.getBody(), MAX_STATS_BODY);
            }
            if (status == 404 || (status == 200 && isBlank(body))) {
                // an empty 200: removed while the request waited for the daemon's sample
                throw failures.message("no such container: " + id);
            }
            if (status != 200) {
                throw failures.http("stats of " + id, status, body);
            }
            try {
                return statsParser.parse(id, body);
            } catch (IllegalArgumentException e) {
                throw failures.message("unreadable stats: " + e.getMessage(), e);
            }
        });
    }

    /**
     * One sample of every container given, all requested at once so that one round of the
     * daemon's collector answers them (about a second, however many); see {@link OneShotStats}.
     * Containers gone meanwhile are left out. The whole batch is bounded by the call timeout
     * per {@link #STATS_IN_FLIGHT} containers.
     */
    @Override
    public Map<String, StatsSample> statsAll(List<String> containerIds) throws EngineException {
        List<String> ids = new ArrayList<>(containerIds.size());
        for (String id : containerIds) {
            ids.add(containerRef(id));
        }
        if (closed.get()) {
            throw failures.message("engine is closed");
        }
        if (oneShot == null) {
            return statsInLanes(ids);
        }
        Duration limit =
                settings.callTimeout().multipliedBy((ids.size() + STATS_IN_FLIGHT - 1) / Math.max(1, STATS_IN_FLIGHT));
        Map<String, OneShotStats.Answer> answers;
        try {
            answers = oneShot.fetch(ids, limit);
        } catch (IOException e) {
            throw failures.of(e);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw failures.interrupted();
        }
        Map<String, StatsSample> samples = new HashMap<>();
        for (String id : ids) {
            OneShotStats.Answer answer = answers.get(id);
            if (answer == null) {
                throw failures.timeout(limit);
            }
            if (answer.status() == 404 || (answer.status() == 200 && answer.blank())) {
                // 404: gone before the request; 200 with no body: removed while the request waited
                // for the collector's round (dockerd ends the answer empty). Either way, gone.
                continue;
            }
            if (answer.status() != 200) {
                throw failures.message("stats of " + id + " answered HTTP " + answer.status() + ": "
                        + failures.daemonMessage(answer.text()));
            }
            try {
                samples.put(id, statsParser.parse(id, answer.body(), 0, answer.body().length));
            } catch (IllegalArgumentException e) {
                throw failures.message("unreadable stats: " + e.getMessage(), e);
            }
        }
        return samples;
    }

    private static boolean isBlank(String body) {
        return body == null || body.isBlank();
    }

    /** TLS agents: docker-java's one-shot requests, {@link #TLS_STATS_LANES} at a time. */
    private Map<String, StatsSample> statsInLanes(List<String> ids) throws EngineException {
        Map<String, StatsSample> samples = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        int count = Math.min(TLS_STATS_LANES, ids.size());
        for (int lane = 0; lane < count; lane++) {
            List<String> mine = new ArrayList<>();
            for (int i = lane; i < ids.size(); i += count) {
                mine.add(ids.get(i));
            }
            lanes.add(CompletableFuture.runAsync(
                    () -> {
                        for (String id : mine) {
                            try {
                                samples.put(id, stats(id));
                            } catch (EngineException e) {
                                if (!e.containerGone()) {
                                    throw new CompletionException(e);
                                }
                            }
                        }
                    },
                    tlsLanes));
        }
        try {
            CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof EngineException engineFailure) {
                throw engineFailure;
            }
            throw failures.of(e.getCause());
        }
        return new HashMap<>(samples);
    }

    @Override
    public Set<String> imageTags() throws EngineException {
        return bounded.run(settings.callTimeout(), () -> {
            Set<String> tags = new TreeSet<>();
            for (Image image : calls.listImagesCmd().exec()) {
                String[] repoTags = image.getRepoTags();
                if (repoTags == null) {
                    continue;
                }
                for (String tag : repoTags) {
                    if (tag != null && !tag.startsWith("<none>")) {
                        tags.add(tag);
                    }
                }
            }
            return Set.copyOf(tags);
        });
    }

    /**
     * {@code GET /system/df} on a client of its own whose response timeout is the disk timeout:
     * the engine says nothing until it has sized every layer, far longer than the call timeout.
     * The deadline's interrupt frees a unix socket; a TCP socket's blocked read obeys only its
     * response timeout, hence the two bounds.
     */
    @Override
    public DockerDiskUsage diskUsage() throws EngineException {
        return bounded.run(settings.diskTimeout(), () -> {
            byte[] bytes;
            int status;
            try (Response response = diskHttp.execute(get("/system/df"))) {
                status = response.getStatusCode();
                try (InputStream in = response.getBody()) {
                    bytes = in.readNBytes(MAX_DISK_BODY + 1);
                }
            }
            if (bytes.length > MAX_DISK_BODY) {
                throw failures.message("its answer to /system/df is over " + (MAX_DISK_BODY >> 20) + " MiB");
            }
            String body = new String(bytes, StandardCharsets.UTF_8);
            if (status != 200 || EngineFailures.looksLikeHtml(body)) {
                throw failures.http("disk usage", status, body);
            }
            try {
                return diskParser.parse(body);
            } catch (IllegalArgumentException e) {
                throw failures.message(e.getMessage(), e);
            }
        });
    }

    @Override
    public long imageSize(String tag) throws EngineException {
        String ref = imageRef(tag);
        return bounded.run(settings.callTimeout(), () -> {
            Long size = calls.inspectImageCmd(ref).exec().getSize();
            return size == null ? 0L : size;
        });
    }

    @Override
    public InputStream saveImage(String tag) throws EngineException {
        String ref = imageRef(tag);
        // The stream client has no response timeout: a long save must not be cut off mid-read.
        return bounded.run(
                settings.callTimeout(), () -> streams.saveImageCmd(ref).exec());
    }

    @Override
    public void loadImage(InputStream tar) throws EngineException {
        bounded.run(IMAGE_TRANSFER_LIMIT, () -> {
            streams.loadImageCmd(tar).exec();
            return null;
        });
    }

    @Override
    public void pullImage(String reference, String localTag) throws EngineException {
        String ref = imageRef(reference);
        String target = imageRef(localTag);
        ImageName pulled = ImageName.parse(ref);
        bounded.run(IMAGE_TRANSFER_LIMIT, () -> {
            // The callback holds the pull's response stream: closed on every way out, interrupt included.
            try (PullImageResultCallback progress = streams.pullImageCmd(pulled.repository())
                    .withTag(pulled.tag())
                    .exec(new PullImageResultCallback())) {
                progress.awaitCompletion();
            }
            if (!target.equals(ref)) {
                ImageName local = ImageName.parse(target);
                streams.tagImageCmd(ref, local.repository(), local.tag())
                        .withForce(true)
                        .exec();
            }
            return null;
        });
    }

    /** A reference split where docker-java wants it: the tag after the last colon of the last path part. */
    private record ImageName(String repository, String tag) {
        static ImageName parse(String ref) {
            int slash = ref.lastIndexOf('/');
            int colon = ref.lastIndexOf(':');
            return colon > slash
                    ? new ImageName(ref.substring(0, colon), ref.substring(colon + 1))
                    : new ImageName(ref, "latest");
        }
    }

    @Override
    public String create(ContainerSpec spec) throws EngineException {
        // Lifecycle calls go over the stream pool (no response timeout): their bound is the
        // lifecycle limit, not the quick answer expected of a monitoring call.
        return bounded.run(settings.lifecycleTimeout(), () -> {
            HostConfig host = HostConfig.newHostConfig().withNetworkMode("none");
            if (spec.memoryBytes() > 0) {
                host.withMemory(spec.memoryBytes());
            }
            if (spec.cpuShares() > 0) {
                host.withCpuShares(Math.toIntExact(spec.cpuShares()));
            }
            if (spec.nanoCpus() > 0) {
                host.withNanoCPUs(spec.nanoCpus());
            }
            if (spec.shmSizeBytes() > 0) {
                host.withShmSize(spec.shmSizeBytes());
            }
            List<String> env = new ArrayList<>();
            spec.env().forEach((k, v) -> env.add(k + "=" + v));
            CreateContainerCmd cmd = streams.createContainerCmd(spec.image())
                    .withLabels(spec.labels())
                    .withEnv(env)
                    .withHostConfig(host);
            if (spec.name() != null && !spec.name().isBlank()) {
                cmd.withName(spec.name());
            }
            if (!spec.command().isEmpty()) {
                cmd.withCmd(spec.command());
            }
            return cmd.exec().getId();
        });
    }

    @Override
    public void start(String containerId) throws EngineException {
        String id = containerRef(containerId);
        bounded.run(settings.lifecycleTimeout(), () -> {
            try {
                streams.startContainerCmd(id).exec();
            } catch (NotModifiedException alreadyRunning) {
                // Docker answers 304 for a running container: what the caller wanted is true.
            }
            return null;
        });
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Duration limit) throws EngineException {
        String id = containerRef(containerId);
        // The stream pool: the command's output comes as a stream for as long as it runs.
        return bounded.run(limit, () -> {
            String exec = streams.execCreateCmd(id)
                    .withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec()
                    .getId();
            StringBuilder output = new StringBuilder();
            // Closed on every way out (the limit's interrupt included): it holds the response stream.
            try (ResultCallback.Adapter<Frame> frames = streams.execStartCmd(exec)
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            synchronized (output) {
                                if (output.length() < ExecResult.MAX_OUTPUT_CHARS) {
                                    output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                                }
                            }
                        }
                    })) {
                frames.awaitCompletion();
            }
            Long code = calls.inspectExecCmd(exec).exec().getExitCodeLong();
            synchronized (output) {
                return new ExecResult(code == null ? -1 : code.intValue(), output.toString());
            }
        });
    }

    @Override
    public void stop(String containerId, Duration grace) throws EngineException {
        String id = containerRef(containerId);
        int seconds = (int) Math.max(0, Math.min(Integer.MAX_VALUE, (grace.toMillis() + 999) / 1000));
        // The daemon answers only once the container is down, so the grace period is added to the
        // limit, and the stream pool (no response timeout) carries the call.
        bounded.run(settings.lifecycleTimeout().plusSeconds(seconds), () -> {
            try {
                streams.stopContainerCmd(id).withTimeout(seconds).exec();
            } catch (NotModifiedException alreadyStopped) {
                // 304: the container was not running, which is what a stop asks for.
            }
            return null;
        });
    }

    @Override
    public void remove(String containerId, boolean force) throws EngineException {
        String id = containerRef(containerId);
        bounded.run(settings.lifecycleTimeout(), () -> {
            // Sessions' anonymous volumes go with them; nothing else would ever remove them.
            streams.removeContainerCmd(id)
                    .withForce(force)
                    .withRemoveVolumes(true)
                    .exec();
            return null;
        });
    }

    @Override
    public ContainerState inspect(String containerId) throws EngineException {
        String id = containerRef(containerId);
        return bounded.run(settings.callTimeout(), () -> {
            InspectContainerResponse r = calls.inspectContainerCmd(id).exec();
            InspectContainerResponse.ContainerState state = r.getState();
            String status = state == null ? "unknown" : state.getStatus();
            String health = state == null || state.getHealth() == null
                    ? null
                    : state.getHealth().getStatus();
            int exitCode = state == null || state.getExitCodeLong() == null
                    ? 0
                    : state.getExitCodeLong().intValue();
            Map<String, String> labels = r.getConfig() == null
                    ? Map.of()
                    : withoutNulls(r.getConfig().getLabels());
            HostConfig host = r.getHostConfig();
            long memory = host == null || host.getMemory() == null ? 0L : host.getMemory();
            long shares = host == null || host.getCpuShares() == null ? 0L : host.getCpuShares();
            long nanoCpus = host == null || host.getNanoCPUs() == null ? 0L : host.getNanoCPUs();
            return new ContainerState(r.getId(), status, health, exitCode, labels, memory, shares, nanoCpus);
        });
    }

    /**
     * Container events until the handle is closed. Returns once the daemon has accepted the
     * subscription, so no event after this call is missed. The listener runs on docker-java's
     * stream thread; an exception it throws is logged and the stream goes on.
     */
    @Override
    public AutoCloseable events(Consumer<ContainerEvent> listener) throws EngineException {
        if (closed.get()) {
            throw failures.message("engine is closed");
        }
        EventCallback callback = new EventCallback(listener);
        subscriptions.add(callback);
        streams.eventsCmd().withEventTypeFilter(EventType.CONTAINER).exec(callback);
        try {
            callback.started.get(settings.callTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            closeQuietly(callback);
            throw failures.timeout(settings.callTimeout());
        } catch (ExecutionException e) {
            closeQuietly(callback);
            throw failures.of(e.getCause());
        } catch (InterruptedException e) {
            closeQuietly(callback);
            Thread.currentThread().interrupt();
            throw failures.interrupted();
        }
        return callback;
    }

    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Closeable subscription : List.copyOf(subscriptions)) {
            closeQuietly(subscription);
        }
        bounded.close();
        if (oneShot != null) {
            oneShot.close();
        }
        if (tlsLanes != null) {
            tlsLanes.shutdownNow();
        }
        IOException failure = null;
        for (DockerHttpClient client : List.of(callHttp, streamHttp, diskHttp)) {
            try {
                client.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "DockerEngine[" + agent + "]";
    }

    private final class EventCallback implements ResultCallback<Event> {
        final CompletableFuture<Void> started = new CompletableFuture<>();
        private final Consumer<ContainerEvent> listener;
        private volatile Closeable stream;
        private volatile boolean closing;

        EventCallback(Consumer<ContainerEvent> listener) {
            this.listener = listener;
        }

        @Override
        public void onStart(Closeable stream) {
            this.stream = stream;
            started.complete(null);
            if (closing) {
                closeQuietly(stream);
            }
        }

        @Override
        public void onNext(Event event) {
            try {
                listener.accept(toContainerEvent(event));
            } catch (RuntimeException e) {
                LOG.warn("{}: event listener failed on {}", agent, event.getAction(), e);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!started.completeExceptionally(error) && !closing) {
                LOG.warn("{}: event stream ended: {}", agent, failures.of(error).getMessage());
            }
            subscriptions.remove(this);
        }

        @Override
        public void onComplete() {
            subscriptions.remove(this);
        }

        @Override
        public void close() {
            closing = true;
            subscriptions.remove(this);
            Closeable s = stream;
            if (s != null) {
                closeQuietly(s);
            }
        }
    }

    private static ContainerEvent toContainerEvent(Event event) {
        String id = event.getId();
        Map<String, String> attributes = Map.of();
        if (event.getActor() != null) {
            if (id == null) {
                id = event.getActor().getId();
            }
            attributes = withoutNulls(event.getActor().getAttributes());
        }
        String action = event.getAction() != null ? event.getAction() : String.valueOf(event.getStatus());
        Instant time = event.getTimeNano() != null
                ? Instant.ofEpochSecond(0, event.getTimeNano())
                : Instant.ofEpochSecond(event.getTime() == null ? 0 : event.getTime());
        return new ContainerEvent(id == null ? "" : id, action, time, attributes);
    }

    private static DefaultDockerClientConfig clientConfig(AgentConfig agent) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(agent.host().toString())
                // The user's docker CLI context must not redirect or re-secure a configured agent.
                .withDockerContext("default")
                .withApiVersion(RemoteApiVersion.UNKNOWN_VERSION)
                .withDockerTlsVerify(agent.tlsDir() != null);
        if (agent.tlsDir() != null) {
            builder.withDockerCertPath(agent.tlsDir().toString());
        }
        return builder.build();
    }

    /**
     * The client certificates are read when the first HTTP client is built. A broken file there
     * surfaced as docker-java's bare "unable to decode base64 string" from the constructor, naming
     * neither the agent nor the folder; now it names both. The cause is left out on purpose: a
     * parser's exception is the one place key bytes could end up, and the message is enough.
     */
    private static DockerHttpClient tlsChecked(AgentConfig agent, Supplier<DockerHttpClient> build) {
        if (agent.tlsDir() == null) {
            return build.get();
        }
        try {
            return build.get();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            throw new IllegalArgumentException(agent.name() + ": cannot use the TLS files in " + agent.tlsDir()
                    + " (" + EngineFailures.oneLine(why) + ") — they must be the PEM files docker --tlsverify uses:"
                    + " ca.pem, cert.pem and its key.pem");
        }
    }

    private static DockerHttpClient httpClient(
            DefaultDockerClientConfig config,
            int maxConnections,
            DockerEngineSettings settings,
            Duration responseTimeout) {
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(settings.connectTimeout())
                .responseTimeout(responseTimeout)
                .build();
    }

    /** The raw client for agents on plain sockets; TLS needs docker-java's transport. */
    private static OneShotStats plainStats(AgentConfig agent) {
        URI host = agent.host();
        if ("unix".equals(host.getScheme())) {
            return OneShotStats.unix(UnixDomainSocketAddress.of(host.getPath()), STATS_IN_FLIGHT);
        }
        if (agent.tlsDir() == null && host.getHost() != null) {
            return OneShotStats.tcp(
                    new InetSocketAddress(host.getHost(), host.getPort() < 0 ? 2375 : host.getPort()), STATS_IN_FLIGHT);
        }
        return null;
    }

    /** Idle lanes hold no thread; busy ones at most {@link #TLS_STATS_LANES}. */
    private static ExecutorService lanePool(String agent) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                TLS_STATS_LANES, TLS_STATS_LANES, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "fleetdeck-stats-" + agent + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Plain TCP to another machine exposes root on it; it must be asked for explicitly. */
    private static void requireSafeTransport(AgentConfig agent) {
        URI host = agent.host();
        if (host == null || host.getScheme() == null) {
            throw new IllegalArgumentException(agent.name() + ": no host URI");
        }
        switch (host.getScheme()) {
            case "unix" -> {}
            case "tcp" -> {
                if (agent.tlsDir() == null && !agent.insecure() && !loopback(host.getHost())) {
                    throw new IllegalArgumentException(agent.name() + ": plain tcp:// to " + host.getHost()
                            + " without TLS; configure a TLS directory or mark the agent insecure");
                }
            }
            default ->
                throw new IllegalArgumentException(
                        agent.name() + ": unsupported host scheme " + host.getScheme() + " (use unix:// or tcp://)");
        }
    }

    private static boolean loopback(String hostName) {
        if (hostName == null) {
            return false;
        }
        try {
            return InetAddress.getByName(hostName).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private String containerRef(String containerId) throws EngineException {
        if (containerId == null || !CONTAINER_REF.matcher(containerId).matches()) {
            throw failures.message("not a container id or name: " + containerId);
        }
        return containerId;
    }

    private String imageRef(String tag) throws EngineException {
        if (tag == null || !IMAGE_REF.matcher(tag).matches()) {
            throw failures.message("not an image reference: " + tag);
        }
        return tag;
    }

    private static Request get(String path) {
        return Request.builder().method(Request.Method.GET).path(path).build();
    }

    private static String readBody(InputStream body, int limit) throws IOException {
        try (InputStream in = body) {
            return new String(in.readNBytes(limit), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> withoutNulls(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new HashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing {} failed", closeable, e);
        }
    }
}
