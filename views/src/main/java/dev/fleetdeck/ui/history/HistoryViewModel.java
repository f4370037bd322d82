package dev.fleetdeck.ui.history;

import dev.fleetdeck.history.AgentHistory;
import dev.fleetdeck.history.HistoryRange;
import dev.fleetdeck.ui.common.Background;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.util.Duration;

/**
 * One history chart's state: the range chosen and the history last read for it. Reading goes
 * through {@link Background} (Prometheus or the local store may take a while; never on the FX
 * thread, never on the refresh path): at each range switch, and again every step of the range
 * (at least every 15 s, at most every 5 min) while {@link #attach() attached}. One read at a
 * time; a switch during a read reads once more when it lands.
 */
public final class HistoryViewModel {
    private final String subject;
    private final Function<HistoryRange, AgentHistory> reader;
    private final Background background;
    private final ObjectProperty<HistoryRange> range = new SimpleObjectProperty<>(HistoryRange.HOUR);
    private final ReadOnlyObjectWrapper<AgentHistory> history = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("reading the history…");
    private Timeline timer;
    private boolean attached;
    private boolean reading;
    private boolean again;

    /** @param reader blocking: the history of {@code subject} over a range */
    public HistoryViewModel(String subject, Function<HistoryRange, AgentHistory> reader, Background background) {
        this.subject = subject;
        this.reader = reader;
        this.background = background;
        // A switch reads at once, attached or not: a chart never waits for its timer to show a range.
        range.addListener((o, was, now) -> {
            restartTimer();
            read();
        });
    }

    /** Reads now and then on a timer; FX thread. */
    public void attach() {
        attached = true;
        read();
        restartTimer();
    }

    /** Stops the timer; a read still out lands unseen. FX thread. */
    public void detach() {
        attached = false;
        stopTimer();
    }

    private void stopTimer() {
        if (timer != null) {
            timer.stop();
            timer = null;
        }
    }

    private void restartTimer() {
        stopTimer();
        if (!attached) {
            return;
        }
        long seconds = Math.max(15, Math.min(300, range.get().step().toSeconds()));
        timer = new Timeline(new KeyFrame(Duration.seconds((double) seconds), e -> read()));
        timer.setCycleCount(Timeline.INDEFINITE);
        timer.play();
    }

    /** Reads the chosen range in the background. */
    public void read() {
        if (reading) {
            again = true;
            return;
        }
        reading = true;
        HistoryRange asked = range.get();
        background.run(
                "History of " + subject + " (" + asked.label() + ")",
                () -> reader.apply(asked),
                h -> {
                    reading = false;
                    if (h.range() == range.get()) {
                        history.set(h);
                        message.set(h.note());
                    }
                    if (again || h.range() != range.get()) {
                        again = false;
                        read();
                    }
                },
                e -> {
                    reading = false;
                    again = false;
                    message.set("Could not read the history of " + subject + ": " + e.getMessage());
                });
    }

    public String subject() {
        return subject;
    }

    public ObjectProperty<HistoryRange> rangeProperty() {
        return range;
    }

    public ReadOnlyObjectProperty<AgentHistory> historyProperty() {
        return history.getReadOnlyProperty();
    }
    /** Where the figures come from ("while Fleetdeck was running", Prometheus's problem). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
