package dev.fleetdeck.ui.sizing;

import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.sizing.SizingAdvisor;
import dev.fleetdeck.sizing.SizingRefusal;
import dev.fleetdeck.sizing.SizingReport;
import dev.fleetdeck.ui.common.Background;
import java.time.Duration;
import java.util.function.Supplier;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The Sizing page's state: the window in days and the advisor's last report, or why there is
 * none. The advisor reads days of history (Prometheus or the local store): it runs in the
 * background at each choice of days and on Refresh, never on the FX thread.
 */
public final class SizingViewModel {
    private final SizingAdvisor advisor;
    private final Supplier<FleetSnapshot> fleet;
    private final Background background;
    private final IntegerProperty days = new SimpleIntegerProperty(7);
    private final ReadOnlyObjectWrapper<SizingReport> report = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not asked yet");
    private boolean asking;

    /** @param fleet the agents as last refreshed (their real CPUs and RAM), already in memory */
    public SizingViewModel(SizingAdvisor advisor, Supplier<FleetSnapshot> fleet, Background background) {
        this.advisor = advisor;
        this.fleet = fleet;
        this.background = background;
        days.addListener((o, was, now) -> ask());
    }

    /** Asks the advisor for the chosen window; a second ask while one runs is dropped. FX thread. */
    public void ask() {
        if (asking) {
            return;
        }
        asking = true;
        int window = days.get();
        status.set("Reading " + window + " days of history…");
        background.run(
                "Sizing over " + window + " days",
                () -> advisor.advise(Duration.ofDays(window), fleet.get()),
                r -> {
                    asking = false;
                    report.set(r);
                    status.set("");
                    if (window != days.get()) {
                        ask();
                    }
                },
                e -> {
                    asking = false;
                    report.set(null);
                    status.set(
                            e instanceof SizingRefusal
                                    ? "No advice: " + e.getMessage()
                                    : "The advisor failed: " + e.getMessage());
                    if (window != days.get()) {
                        ask();
                    }
                });
    }

    public IntegerProperty daysProperty() {
        return days;
    }

    public ReadOnlyObjectProperty<SizingReport> reportProperty() {
        return report.getReadOnlyProperty();
    }
    /** Empty with a report; else what is going on or why there is no advice. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
