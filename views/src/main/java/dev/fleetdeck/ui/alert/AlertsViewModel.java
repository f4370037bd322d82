package dev.fleetdeck.ui.alert;

import dev.fleetdeck.alert.AlertBook;
import dev.fleetdeck.ui.common.FxLatest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Alerts page's state: the fleet's alert book as this console's alert watch last read it
 * (evaluated here or by a keeper), handed to the FX thread latest-wins. It never reads a store.
 */
public final class AlertsViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM HH:mm:ss", Locale.ROOT);

    private final ObservableList<AlertRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status =
            new ReadOnlyStringWrapper("collecting… the alert rules have not run yet");
    private final Consumer<AlertBook> listener = new FxLatest<>(this::apply);
    private final ZoneId zone;

    public AlertsViewModel(ZoneId zone) {
        this.zone = zone;
    }

    /** What the alert watch calls after each turn, on its own thread. */
    public Consumer<AlertBook> listener() {
        return listener;
    }

    public ObservableList<AlertRow> rows() {
        return rows;
    }

    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    /** Applies one book; FX thread only. */
    void apply(AlertBook book) {
        List<AlertRow> fresh = new ArrayList<>();
        for (AlertBook.Active a : book.active().values()) {
            fresh.add(new AlertRow(
                    a.alert().severity().label(),
                    a.alert().key(),
                    a.alert().summary(),
                    time(a.since()),
                    delivery(book, a.alert().key()),
                    a.alert().recommendations()));
        }
        // The watch hands a book over every refresh; the page is rebuilt only when what it lists changed.
        if (!fresh.equals(rows)) {
            rows.setAll(fresh);
        }
        status.set(
                book.evaluatedAt() == null
                        ? "collecting… the alert rules have not run yet"
                        : fresh.size() + (fresh.size() == 1 ? " alert" : " alerts") + " firing · evaluated by "
                                + book.evaluatedBy() + " at " + time(book.evaluatedAt())
                                + (book.pending().isEmpty()
                                        ? ""
                                        : " · " + book.pending().size() + " deliveries waiting"));
    }

    /** Where one alert's changes went: delivered, or waiting with the last error. */
    static String delivery(AlertBook book, String key) {
        List<String> parts = new ArrayList<>();
        for (AlertBook.Delivery d : book.pending()) {
            if (d.change().alert().key().equals(key)) {
                parts.add(d.sink() + ": waiting after " + d.attempts() + " attempts"
                        + (d.lastError() == null ? "" : " (" + d.lastError() + ")"));
            }
        }
        for (AlertBook.Delivered d : book.delivered()) {
            if (d.key().equals(key) && d.status().equals("firing")) {
                parts.add(d.sink() + ": delivered");
            }
        }
        return parts.isEmpty() ? "no destination configured (alerts: in the configuration)" : String.join(" · ", parts);
    }

    private String time(Instant at) {
        return TIME.format(at.atZone(zone));
    }
}
