package dev.fleetdeck.drain;

import dev.fleetdeck.progress.Progress;
import dev.fleetdeck.progress.ProgressBoard;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Each drain this console runs as a piece of long work on its {@link ProgressBoard}: sessions
 * ended of those it had, the rate they end at and the time left, until the drain settles.
 * Cancel there cancels the drain (the agent takes sessions again; nothing is stopped).
 */
public final class DrainTasks implements Consumer<DrainProgress> {
    private final ProgressBoard board;
    private final DrainService drains;
    private final Map<String, Progress> byAgent = new ConcurrentHashMap<>();

    public DrainTasks(ProgressBoard board, DrainService drains) {
        this.board = board;
        this.drains = drains;
    }

    @Override
    public void accept(DrainProgress d) {
        if (d.settled()) {
            Progress p = byAgent.remove(d.agent());
            if (p != null) {
                follow(p, d);
            }
            return;
        }
        Progress p = byAgent.computeIfAbsent(d.agent(), agent -> {
            Progress started = board.begin("drain " + agent, "sessions", 0);
            started.onCancel(() -> {
                try {
                    drains.cancel(agent);
                } catch (DrainException e) {
                    started.detail(e.getMessage());
                }
            });
            return started;
        });
        follow(p, d);
    }

    /**
     * What one step of a drain says of its work: sessions ended of those it had, and its phase.
     * The window's task list and a command's progress line both show a drain through this.
     */
    public static void follow(Progress p, DrainProgress d) {
        p.total(d.ended() + d.sessionsLeft());
        p.doneSoFar(d.ended());
        p.detail(d.phase().label() + (d.overdue() ? ", deadline passed" : ""));
        if (d.settled()) {
            p.finish();
        }
    }
}
