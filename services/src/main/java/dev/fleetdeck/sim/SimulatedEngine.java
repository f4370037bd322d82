package dev.fleetdeck.sim;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.ContainerEvent;
import dev.fleetdeck.fleet.ContainerSpec;
import dev.fleetdeck.fleet.ContainerState;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.DockerDiskUsage;
import dev.fleetdeck.fleet.EngineInfo;
import dev.fleetdeck.fleet.ExecResult;
import dev.fleetdeck.fleet.StatsSample;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * An engine that exists only in memory, for the demo fleet and for scale tests. It answers like a
 * Docker engine would: containers have CPU counters that grow with their load and memory that
 * wanders, so the monitor's own arithmetic runs on it unchanged. Deterministic for a seed and a
 * clock. Never stands in for Docker in a test that claims to test Docker.
 */
public final class SimulatedEngine implements AgentEngine {
    private static final String VERSION = "20.10.24-simulated";
    private static final String ARCHIVE_HEADER = "simulated-image-archive ";

    private final String name;
    private final int cpus;
    private final long memTotal;
    private final LongSupplier nanoClock;
    private final SplittableRandom random;
    private final Map<String, SimContainer> containers = new LinkedHashMap<>();
    private final Set<String> images = new HashSet<>();
    private final Set<String> crashingImages = new HashSet<>();
    private final List<Consumer<ContainerEvent>> listeners = new CopyOnWriteArrayList<>();
    private final long startNanos;
    private volatile boolean down;
    private long nextId;
    private SimulatedTimings timings;
    private ScheduledExecutorService clock;
    private SimulatedRegistry registry = new SimulatedRegistry();

    /** The engine's CPUs, as its info answers. */
    public int cpus() {
        return cpus;
    }

    /** The engine's memory, as its info answers. */
    public long memTotalBytes() {
        return memTotal;
    }

    public SimulatedEngine(
            String name, int cpus, long memTotalBytes, Set<String> images, long seed, LongSupplier nanoClock) {
        this.name = name;
        this.cpus = cpus;
        this.memTotal = memTotalBytes;
        this.images.addAll(images);
        this.random = new SplittableRandom(seed);
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    public String name() {
        return name;
    }

    /**
     * Makes creation and startup take time, as on a real platform: create and start block for a
     * while, and a session turns healthy (or, now and then, exits) later, on {@code scheduler}.
     * Without this, everything happens at once (what unit tests want).
     */
    public synchronized void useTimings(SimulatedTimings timings, ScheduledExecutorService scheduler) {
        this.timings = timings;
        this.clock = scheduler;
    }

    /** The registry {@link #pullImage} reads; by default an empty one of this engine's own. */
    public synchronized void useRegistry(SimulatedRegistry registry) {
        this.registry = registry;
    }

    private long delay(String image, boolean create) {
        SimulatedTimings t;
        long ms;
        synchronized (this) {
            t = timings;
            if (t == null) {
                return 0;
            }
            SimulatedTimings.Profile p = t.profileOf(image);
            ms = t.millis(create ? p.createSeconds() * 0.8 : p.createSeconds() * 0.2, random);
        }
        return ms;
    }

    private static void sleep(long ms) throws EngineException {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted");
        }
    }

    /** A simulated outage: every call fails until {@code setDown(false)}. */
    public void setDown(boolean down) {
        this.down = down;
    }

    private void checkUp() throws EngineException {
        if (down) {
            throw new EngineException(name + ": no answer (simulated outage)");
        }
    }

    @Override
    public Duration ping() throws EngineException {
        checkUp();
        return Duration.ofMillis(1);
    }

    @Override
    public synchronized EngineInfo info() throws EngineException {
        checkUp();
        int running = (int) containers.values().stream().filter(c -> c.running).count();
        return new EngineInfo(VERSION, "1.41", cpus, memTotal, running, "Simulated Linux");
    }

    @Override
    public synchronized List<ContainerSummary> listContainers(boolean all) throws EngineException {
        checkUp();
        List<ContainerSummary> list = new ArrayList<>(containers.size());
        for (SimContainer c : containers.values()) {
            if (all || c.running) {
                list.add(c.summary());
            }
        }
        return list;
    }

    @Override
    public synchronized StatsSample stats(String id) throws EngineException {
        checkUp();
        SimContainer c = find(id);
        long now = nanoClock.getAsLong();
        c.advance(now, random);
        long system = (now - startNanos) * cpus;
        return new StatsSample(
                id,
                Instant.ofEpochMilli(System.currentTimeMillis()),
                c.cpuNanos,
                system,
                cpus,
                c.memBytes + c.cacheBytes,
                c.cacheBytes,
                c.memoryLimit > 0 ? c.memoryLimit : memTotal);
    }

    @Override
    public synchronized Set<String> imageTags() throws EngineException {
        checkUp();
        return Set.copyOf(images);
    }

    /**
     * Not a real tar: the simulated archive is a header line naming the tag, which is all
     * {@link #loadImage} of another simulated engine needs to have the image too.
     */
    @Override
    public synchronized InputStream saveImage(String tag) throws EngineException {
        checkUp();
        if (!images.contains(tag)) {
            throw new EngineException(name + ": reference does not exist: " + tag);
        }
        return new ByteArrayInputStream((ARCHIVE_HEADER + tag + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized long imageSize(String tag) throws EngineException {
        checkUp();
        return (ARCHIVE_HEADER + tag + "\n").length();
    }

    @Override
    public void loadImage(InputStream tar) throws EngineException {
        String text;
        try {
            text = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException(name + ": reading the image archive failed: " + e.getMessage(), e);
        }
        if (!text.startsWith(ARCHIVE_HEADER)) {
            throw new EngineException(name + ": not an image archive");
        }
        synchronized (this) {
            checkUp();
            images.add(text.substring(ARCHIVE_HEADER.length()).strip());
        }
    }

    /**
     * Takes the time a pull takes (with timings: three times the image's creation time, a pull
     * being the slow start the guide warns of), then has the image under {@code localTag}.
     */
    @Override
    public void pullImage(String reference, String localTag) throws EngineException {
        SimulatedRegistry from;
        long ms = 0;
        synchronized (this) {
            checkUp();
            from = registry;
            if (timings != null) {
                ms = timings.millis(timings.profileOf(localTag).createSeconds() * 3, random);
            }
        }
        if (!from.reachable()) {
            throw new EngineException(
                    name + ": pulling " + reference + ": connection refused (simulated registry down)");
        }
        if (!from.has(reference)) {
            throw new EngineException(
                    name + ": pulling " + reference + ": manifest unknown (not in the simulated registry)");
        }
        sleep(ms);
        synchronized (this) {
            checkUp();
            images.add(localTag);
        }
    }

    /**
     * A broken image (a bad release): its sessions exit before they are ready, as with timings a
     * few do anyway. Until {@link #repairImage}.
     */
    public synchronized void breakImage(String tag) {
        crashingImages.add(tag);
    }

    public synchronized void repairImage(String tag) {
        crashingImages.remove(tag);
    }

    /**
     * Holds a running container's memory at {@code bytes} (0 lets it wander again): a job that
     * takes an agent's RAM towards full, whatever the random walk would do.
     */
    public synchronized void holdMemory(String id, long bytes) throws EngineException {
        SimContainer c = find(id);
        c.heldMemory = bytes;
        if (bytes > 0) {
            c.memBytes = bytes;
        }
    }

    public synchronized void addImage(String tag) {
        images.add(tag);
    }

    public synchronized void removeImage(String tag) {
        images.remove(tag);
    }

    /**
     * Sizes like a desktop platform's: 1.5 to 3.5 GB per workspace image, and each session's
     * writable layer starting at a few hundred MB and growing while it runs (downloads, caches).
     */
    @Override
    public synchronized DockerDiskUsage diskUsage() throws EngineException {
        checkUp();
        long imagesBytes = 0;
        for (String tag : images) {
            imagesBytes += 1_500_000_000L + Math.floorMod((long) tag.hashCode(), 2_000_000_000L);
        }
        Map<String, Long> writable = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (SimContainer c : containers.values()) {
            writable.put(c.id, c.writableBytes(now));
        }
        long containersBytes =
                writable.values().stream().mapToLong(Long::longValue).sum();
        return new DockerDiskUsage(imagesBytes, containersBytes, 0, 0, writable);
    }

    @Override
    public String create(ContainerSpec spec) throws EngineException {
        // Like Docker, creation takes its time without holding up the engine's other answers.
        sleep(delay(spec.image(), true));
        return createNow(spec);
    }

    private synchronized String createNow(ContainerSpec spec) throws EngineException {
        checkUp();
        if (!images.contains(spec.image())) {
            throw new EngineException(name + ": No such image: " + spec.image());
        }
        String id = String.format("%064x", ++nextId).replace(' ', '0');
        id = Long.toHexString(name.hashCode() & 0xffffffffL) + id.substring(8);
        double cores = spec.nanoCpus() > 0 ? spec.nanoCpus() / 1e9 : Math.max(0.1, spec.cpuShares() / 1024.0);
        SimContainer c = new SimContainer(id, spec, cores, nanoClock.getAsLong(), random);
        containers.put(id, c);
        fire(id, "create", spec.labels());
        return id;
    }

    @Override
    public void start(String id) throws EngineException {
        String image;
        synchronized (this) {
            image = find(id).spec.image();
        }
        sleep(delay(image, false));
        Map<String, String> labels;
        long readyIn = -1;
        boolean fails = false;
        synchronized (this) {
            checkUp();
            SimContainer c = find(id);
            c.running = true;
            c.lastAdvance = nanoClock.getAsLong();
            labels = c.spec.labels();
            if (timings != null && clock != null) {
                c.health = "starting";
                readyIn = timings.millis(timings.profileOf(image).readySeconds(), random);
                fails = random.nextDouble() < timings.failureRate() || crashingImages.contains(image);
            }
        }
        fire(id, "start", labels);
        if (readyIn >= 0) {
            if (fails) {
                // the simulated container changes state later; nobody waits for it.
                var unused = clock.schedule(() -> exit(id, 1), readyIn / 2, TimeUnit.MILLISECONDS);
            } else {
                // the simulated container changes state later; nobody waits for it.
                var unused = clock.schedule(() -> becomeHealthy(id), readyIn, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The session's process ends by itself (a crash before it was ready, or the user leaving). */
    public void exit(String id, int exitCode) {
        Map<String, String> labels;
        synchronized (this) {
            SimContainer c = containers.get(id);
            if (c == null || !c.running) {
                return;
            }
            c.running = false;
            c.health = null;
            c.exitCode = exitCode;
            labels = c.spec.labels();
        }
        fire(id, "die", labels);
    }

    /** Marks a container healthy, as a real healthcheck would once the session is up. */
    public void becomeHealthy(String id) {
        Map<String, String> labels;
        synchronized (this) {
            SimContainer c = containers.get(id);
            if (c == null || !c.running) {
                return;
            }
            c.health = "healthy";
            labels = c.spec.labels();
        }
        fire(id, "health_status: healthy", labels);
    }

    /** Commands "run" in a container are kept with it (the last few), so a demo can show what was sent. */
    @Override
    public ExecResult exec(String id, List<String> command, Duration limit) throws EngineException {
        synchronized (this) {
            checkUp();
            SimContainer c = find(id);
            if (!c.running) {
                throw new EngineException(
                        name + ": container " + id.substring(0, Math.min(12, id.length())) + " is not running");
            }
            if (c.execs.size() == SimContainer.MAX_EXECS) {
                c.execs.remove(0);
            }
            c.execs.add(List.copyOf(command));
        }
        return new ExecResult(0, "");
    }

    /** The commands last run in a container, oldest first; empty for one that is gone. */
    public synchronized List<List<String>> execsIn(String id) {
        SimContainer c = containers.get(id);
        return c == null ? List.of() : List.copyOf(c.execs);
    }

    @Override
    public void stop(String id, Duration grace) throws EngineException {
        Map<String, String> labels;
        synchronized (this) {
            checkUp();
            SimContainer c = find(id);
            if (!c.running) {
                return;
            }
            c.running = false;
            c.health = null;
            labels = c.spec.labels();
        }
        fire(id, "die", labels);
        fire(id, "stop", labels);
    }

    @Override
    public void remove(String id, boolean force) throws EngineException {
        Map<String, String> labels;
        synchronized (this) {
            checkUp();
            SimContainer c = find(id);
            if (c.running && !force) {
                throw new EngineException(
                        name + ": container " + id.substring(0, 12) + " is running: stop it or force");
            }
            containers.remove(id);
            labels = c.spec.labels();
        }
        fire(id, "destroy", labels);
    }

    @Override
    public synchronized ContainerState inspect(String id) throws EngineException {
        checkUp();
        SimContainer c = find(id);
        return new ContainerState(
                id,
                c.running ? "running" : "exited",
                c.health,
                c.exitCode,
                c.spec.labels(),
                c.spec.memoryBytes(),
                c.spec.cpuShares(),
                c.spec.nanoCpus());
    }

    @Override
    public AutoCloseable events(Consumer<ContainerEvent> listener) throws EngineException {
        checkUp();
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void fire(String id, String action, Map<String, String> labels) {
        ContainerEvent e = new ContainerEvent(id, action, Instant.now(), labels);
        for (Consumer<ContainerEvent> l : listeners) {
            l.accept(e);
        }
    }

    private SimContainer find(String id) throws EngineException {
        SimContainer c = containers.get(id);
        if (c == null) {
            throw new EngineException(name + ": No such container: " + id);
        }
        return c;
    }

    @Override
    public void close() {
        listeners.clear();
    }

    private static final class SimContainer {
        final String id;
        final ContainerSpec spec;
        final double cores;
        final long created = System.currentTimeMillis();
        final long memoryLimit;
        boolean running;
        String health;
        int exitCode;
        double load;
        long cpuNanos;
        long memBytes;
        long cacheBytes;
        long lastAdvance;
        static final int MAX_EXECS = 20;
        final List<List<String>> execs = new ArrayList<>();
        final long writableStart;
        final long writablePerMinute;
        long heldMemory;

        SimContainer(String id, ContainerSpec spec, double cores, long now, SplittableRandom random) {
            this.id = id;
            this.spec = spec;
            this.cores = cores;
            this.memoryLimit = spec.memoryBytes();
            this.load = 0.1 + random.nextDouble() * 0.5;
            long budget = memoryLimit > 0 ? memoryLimit : 1L << 30;
            this.memBytes = (long) (budget * (0.2 + random.nextDouble() * 0.3));
            this.cacheBytes = budget / 20;
            this.lastAdvance = now;
            this.writableStart = 100_000_000L + (long) (random.nextDouble() * 400_000_000L);
            this.writablePerMinute = 5_000_000L + (long) (random.nextDouble() * 45_000_000L);
        }

        long writableBytes(long nowMillis) {
            long minutes = Math.max(0, nowMillis - created) / 60_000;
            return writableStart + Math.min(minutes, 240) * writablePerMinute;
        }

        // Desktop sessions idle most of the time and spike now and then: a bounded random walk.
        void advance(long now, SplittableRandom random) {
            long elapsed = Math.max(0, now - lastAdvance);
            lastAdvance = now;
            if (!running) {
                return;
            }
            cpuNanos += (long) (elapsed * cores * load);
            load = clamp(load + (random.nextDouble() - 0.5) * 0.15, 0.02, 0.95);
            long budget = memoryLimit > 0 ? memoryLimit : 1L << 30;
            memBytes = (long) clamp(memBytes + (random.nextDouble() - 0.5) * budget * 0.02, budget * 0.1, budget * 0.9);
            if (heldMemory > 0) {
                memBytes = heldMemory;
            }
        }

        ContainerSummary summary() {
            String status = running ? "Up" + (health != null ? " (" + health + ")" : "") : "Exited (0)";
            return new ContainerSummary(
                    id,
                    "/" + spec.name(),
                    spec.image(),
                    running ? "running" : "exited",
                    status,
                    Instant.ofEpochMilli(created),
                    spec.labels());
        }

        private static double clamp(double v, double lo, double hi) {
            return Math.max(lo, Math.min(hi, v));
        }
    }
}
