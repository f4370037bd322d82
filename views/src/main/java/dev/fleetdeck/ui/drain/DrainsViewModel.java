package dev.fleetdeck.ui.drain;

import dev.fleetdeck.drain.AuditEntry;
import dev.fleetdeck.drain.DrainOptions;
import dev.fleetdeck.drain.DrainPreview;
import dev.fleetdeck.drain.DrainProgress;
import dev.fleetdeck.drain.DrainService;
import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.common.FxLatest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * Drains in the window: the preview before, a task per running drain in a progress view, and the
 * audit log of every operator action. Progress comes from the drain service's threads and reaches
 * the FX thread in batches.
 */
public final class DrainsViewModel {
    private final DrainService drains;
    private final FleetMonitor fleet;
    private final Background background;
    private final ObservableList<DrainTask> tasks = FXCollections.observableArrayList();
    private final ObservableList<AuditEntry> audit = FXCollections.observableArrayList();
    private final ObservableList<String> agents = FXCollections.observableArrayList();
    private final ObservableList<AdminEntry> outOfPlacement = FXCollections.observableArrayList();
    private final FxLatest<List<AdminEntry>> outHop = new FxLatest<>(list -> {
        if (!list.equals(outOfPlacement)) {
            outOfPlacement.setAll(list);
        }
    });
    /** Every agent not enabled, from each refresh: this console's and every other one's decisions. */
    private final Consumer<FleetSnapshot> fleetListener = f -> outHop.accept(f.agents().stream()
            .map(AgentSnapshot::admin)
            .filter(Objects::nonNull)
            .toList());

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final Map<String, DrainProgress> pending = new ConcurrentHashMap<>();
    private final Map<String, DrainTask> byAgent = new HashMap<>();
    private final FxLatest<Boolean> hop = new FxLatest<>(b -> applyPending());
    private final Consumer<DrainProgress> listener = p -> {
        if (p == null) {
            return; // a drain just started has no progress yet: its first step runs on the drain workers and tells us
        }
        pending.put(p.agent(), p);
        hop.accept(Boolean.TRUE);
    };

    public DrainsViewModel(DrainService drains, FleetMonitor fleet, Background background) {
        this.drains = drains;
        this.fleet = fleet;
        this.background = background;
        fleet.current().agents().forEach(a -> agents.add(a.name()));
    }

    public void attach() {
        drains.addListener(listener);
        fleet.addListener(fleetListener);
        fleetListener.accept(fleet.current());
        for (AgentSnapshot a : fleet.current().agents()) {
            drains.running(a.name()).ifPresent(d -> listener.accept(d.progress()));
        }
        refreshAudit();
    }

    public void detach() {
        drains.removeListener(listener);
        fleet.removeListener(fleetListener);
        byAgent.values().forEach(DrainTask::finish);
        byAgent.clear();
    }

    /** The preview of draining {@code agent} now (a computation on the latest snapshot). */
    public DrainPreview preview(String agent) {
        return drains.preview(agent);
    }

    public void drain(String agent, DrainOptions options) {
        drain(agent, options, null);
    }

    /** @param reason the operator's reason, shown with the agent's state in every console; blank = none */
    public void drain(String agent, DrainOptions options, String reason) {
        background.run(
                "Drain " + agent,
                () -> drains.drain(agent, options, reasonOrNull(reason)),
                d -> {
                    message.set("Draining " + agent + ": cordoned; waiting for its sessions to end");
                    listener.accept(d.progress());
                    refreshAudit();
                },
                e -> {
                    message.set(e.getMessage());
                    refreshAudit();
                });
    }

    public void cordon(String agent) {
        cordon(agent, null);
    }

    public void cordon(String agent, String reason) {
        act(
                "Cordon " + agent,
                () -> drains.cordon(agent, reasonOrNull(reason)),
                agent + " cordoned: no new sessions; existing ones stay");
    }

    /** Blank is no reason; a long one is cut to the limit every console shows. */
    private static String reasonOrNull(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String r = reason.strip().replace('\n', ' ');
        return r.length() > AdminEntry.MAX_REASON ? r.substring(0, AdminEntry.MAX_REASON) : r;
    }

    public void enable(String agent) {
        act("Enable " + agent, () -> drains.enable(agent), agent + " enabled: back in rotation");
    }

    public void cancel(String agent) {
        act(
                "Cancel drain of " + agent,
                () -> drains.cancel(agent),
                "Drain of " + agent + " cancelled; nothing was stopped");
    }

    private interface Action {
        void run() throws Exception;
    }

    private void act(String title, Action action, String done) {
        background.run(
                title,
                () -> {
                    action.run();
                    return null;
                },
                ok -> {
                    message.set(done);
                    refreshAudit();
                },
                e -> {
                    message.set(e.getMessage());
                    refreshAudit();
                });
    }

    public void refreshAudit() {
        background.run(
                "Read audit log",
                () -> drains.auditLog().since(Instant.EPOCH, 200),
                list -> audit.setAll(reversed(list)),
                e -> message.set("Could not read the audit log: " + e.getMessage()));
    }

    private static List<AuditEntry> reversed(List<AuditEntry> list) {
        List<AuditEntry> r = new ArrayList<>(list);
        Collections.reverse(r);
        return r;
    }

    private void applyPending() {
        for (String agent : List.copyOf(pending.keySet())) {
            DrainProgress p = pending.remove(agent);
            if (p == null) {
                continue;
            }
            DrainTask task = byAgent.get(agent);
            if (task == null && !p.settled()) {
                task = new DrainTask(agent);
                // The progress view's own cancel button cancels the drain, not just its display.
                task.setOnCancelled(e -> {
                    byAgent.remove(agent);
                    cancel(agent);
                });
                byAgent.put(agent, task);
                tasks.add(task);
                // Its own thread: a drain may run for hours, the window's small pool must stay free.
                Thread watcher = new Thread(task, "fleetdeck-drain-task-" + agent);
                watcher.setDaemon(true);
                watcher.start();
            }
            if (task != null) {
                task.post(p);
                if (p.settled()) {
                    byAgent.remove(agent);
                    task.finish();
                    message.set(p.line());
                    refreshAudit();
                }
            }
        }
    }

    /**
     * One running drain as a JavaFX task, so ControlsFX's TaskProgressView can show it: its
     * message is the drain's progress line, its progress the share of sessions ended.
     */
    public static final class DrainTask extends Task<Void> {
        private final CountDownLatch done = new CountDownLatch(1);
        private final String agent;

        DrainTask(String agent) {
            this.agent = agent;
            updateTitle("Drain " + agent);
        }

        public String agent() {
            return agent;
        }

        void post(DrainProgress p) {
            updateMessage(p.line());
            int total = p.sessionsLeft() + p.ended();
            if (total == 0) {
                updateProgress(-1, 1);
            } else {
                updateProgress(p.ended(), total);
            }
        }

        void finish() {
            done.countDown();
        }

        @Override
        protected Void call() throws Exception {
            done.await();
            return null;
        }
    }

    public ObservableList<DrainTask> tasks() {
        return tasks;
    }

    public ObservableList<AuditEntry> audit() {
        return audit;
    }

    public ObservableList<String> agents() {
        return agents;
    }
    /** Cordoned, draining and drained agents: state, by whom, why, since when. */
    public ObservableList<AdminEntry> outOfPlacement() {
        return outOfPlacement;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
