package dev.fleetdeck.story;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Plays a story: each step's action when the story's clock reaches its time, with pause, step
 * (the next step now) and restart (every action taken back, then from the start). Everything runs
 * on {@code executor}, one thread, so the window's keys only ask and never wait; listeners hear
 * the state after every change and at every tick (the clock moves).
 */
public final class StoryPlayer implements AutoCloseable {
    private static final long TICK_MILLIS = 250;

    private final List<StoryStep> steps;
    private final StoryStage stage;
    private final ScheduledExecutorService executor;
    private final LongSupplier nanos;
    private final Consumer<String> problems;
    private final List<Consumer<StoryState>> listeners = new CopyOnWriteArrayList<>();
    // Confined to the executor's thread.
    private final Deque<StoryAction> applied = new ArrayDeque<>();
    private int step = -1;
    private String extra;
    private long elapsedBefore;
    private long resumedAt;
    private boolean paused;
    private ScheduledFuture<?> ticking;
    private volatile StoryState latest;

    public StoryPlayer(
            List<StoryStep> steps,
            StoryStage stage,
            ScheduledExecutorService executor,
            LongSupplier nanos,
            Consumer<String> problems) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a story needs at least one step");
        }
        this.steps = List.copyOf(steps);
        this.stage = stage;
        this.executor = executor;
        this.nanos = nanos;
        this.problems = problems;
        this.latest = new StoryState(-1, steps.size(), "", steps.get(0).page(), Duration.ZERO, length(), false);
    }

    public List<StoryStep> steps() {
        return steps;
    }

    public StoryState state() {
        return latest;
    }

    public void addListener(Consumer<StoryState> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<StoryState> listener) {
        listeners.remove(listener);
    }

    /** Plays from the first step. */
    public void start() {
        executor.execute(() -> {
            if (ticking != null) {
                return;
            }
            resumedAt = nanos.getAsLong();
            advance();
            ticking = executor.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    /** Pauses the clock, or lets it run again. */
    public void togglePause() {
        executor.execute(() -> {
            long now = nanos.getAsLong();
            if (paused) {
                resumedAt = now;
            } else {
                elapsedBefore += now - resumedAt;
            }
            paused = !paused;
            publish();
        });
    }

    /** The next step now; the clock jumps to its time. Nothing after the last. */
    public void next() {
        executor.execute(() -> {
            if (step + 1 < steps.size()) {
                setElapsed(steps.get(step + 1).at().toNanos());
                advance();
            }
        });
    }

    /** Takes back every step's action, newest first, and plays again from the first step. */
    public void restart() {
        executor.execute(() -> {
            while (!applied.isEmpty()) {
                StoryAction a = applied.pop();
                try {
                    stage.undo(a);
                } catch (Exception e) {
                    problems.accept("story: taking back " + a + " failed: " + e.getMessage());
                }
            }
            step = -1;
            setElapsed(0);
            advance();
        });
    }

    private void tick() {
        if (!paused
                && step + 1 < steps.size()
                && elapsed() >= steps.get(step + 1).at().toNanos()) {
            advance();
        } else {
            publish();
        }
    }

    private void advance() {
        step++;
        StoryStep s = steps.get(step);
        extra = null;
        try {
            extra = stage.apply(s.action());
            applied.push(s.action());
        } catch (Exception e) {
            problems.accept("story step " + (step + 1) + " (" + s.action() + ") failed: " + e.getMessage());
        }
        publish();
    }

    private long elapsed() {
        return elapsedBefore + (paused ? 0 : nanos.getAsLong() - resumedAt);
    }

    private void setElapsed(long value) {
        elapsedBefore = value;
        resumedAt = nanos.getAsLong();
    }

    private void publish() {
        StoryStep s = steps.get(step);
        Duration elapsed = Duration.ofNanos(Math.min(elapsed(), length().toNanos()));
        latest = new StoryState(
                step,
                steps.size(),
                extra == null ? s.caption() : s.caption() + " " + extra,
                s.page(),
                elapsed,
                length(),
                paused);
        listeners.forEach(l -> l.accept(latest));
    }

    private Duration length() {
        return steps.get(steps.size() - 1).at();
    }

    @Override
    public void close() {
        executor.execute(() -> {
            if (ticking != null) {
                ticking.cancel(false);
            }
        });
    }
}
