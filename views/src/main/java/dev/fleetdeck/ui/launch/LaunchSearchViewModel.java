package dev.fleetdeck.ui.launch;

import dev.fleetdeck.analytics.LaunchSearch;
import dev.fleetdeck.startup.LaunchQuery;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.StartupStore;
import dev.fleetdeck.ui.common.Background;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Finding any stored launch (not only the last ones) by session, user, agent, type, time range,
 * outcome and "slower than", and picking up to two to draw side by side. The search reads the
 * store in the background; a criterion that does not parse is said in the status, not searched.
 */
public final class LaunchSearchViewModel {
    public static final String ANY = "any";
    static final int LIMIT = 500;

    private final StartupStore store;
    private final LaunchSearch search;
    private final Background background;
    private final StringProperty session = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty agent = new SimpleStringProperty("");
    private final StringProperty type = new SimpleStringProperty("");
    private final StringProperty from = new SimpleStringProperty("");
    private final StringProperty to = new SimpleStringProperty("");
    private final ObjectProperty<String> outcome = new SimpleObjectProperty<>(ANY);
    private final StringProperty slowerThanSeconds = new SimpleStringProperty("");
    private final ObservableList<StartupRecord> found = FXCollections.observableArrayList();
    private final ObservableList<StartupRecord> compared = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    public LaunchSearchViewModel(StartupStore store, LaunchSearch search, Background background) {
        this.store = store;
        this.search = search;
        this.background = background;
    }

    /** The criteria as a query; throws IllegalArgumentException naming the field that does not parse. */
    public LaunchQuery query() {
        StartupRecord.Outcome o =
                ANY.equals(outcome.get()) || outcome.get() == null ? null : StartupRecord.Outcome.parse(outcome.get());
        long slower = 0;
        if (!slowerThanSeconds.get().isBlank()) {
            try {
                slower = Math.round(Double.parseDouble(slowerThanSeconds.get().trim()) * 1000);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("slower than: expected seconds such as 45, got '"
                        + slowerThanSeconds.get().trim() + "'");
            }
        }
        return new LaunchQuery(
                session.get(),
                user.get(),
                agent.get(),
                type.get(),
                instant("from", from.get(), false),
                instant("to", to.get(), true),
                o,
                slower);
    }

    /** A UTC date (2026-11-24: from its start, or to its end) or an instant (2026-11-24T10:00:00Z). */
    static Instant instant(String field, String text, boolean endOfDay) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return null;
        }
        try {
            if (t.length() == 10) {
                LocalDate d = LocalDate.parse(t);
                return (endOfDay ? d.plusDays(1) : d)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            }
            return Instant.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + ": expected a UTC date such as 2026-11-24 or an instant such as "
                    + "2026-11-24T10:00:00Z, got '" + t + "'");
        }
    }

    /** Searches in the background; FX thread. */
    public void search() {
        LaunchQuery q;
        try {
            q = query();
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
            return;
        }
        status.set("Searching " + store.describe() + "…");
        long[] problems = {0};
        background.run(
                "Search launches",
                () -> search.find(store, q, LIMIT, (RecordProblem p) -> problems[0]++),
                f -> {
                    found.setAll(f.launches());
                    status.set(f.matched() + " launches match"
                            + (f.matched() > LIMIT ? " (the newest " + LIMIT + " shown)" : "")
                            + (problems[0] == 0 ? "" : "; " + problems[0] + " unreadable records skipped")
                            + store.caveat().map(c -> " · " + c).orElse(""));
                },
                e -> status.set("Could not search: " + e.getMessage()));
    }

    /** Draws these (the first two) side by side. */
    public void compare(List<StartupRecord> picked) {
        compared.setAll(picked.subList(0, Math.min(2, picked.size())));
    }

    public StringProperty sessionProperty() {
        return session;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty agentProperty() {
        return agent;
    }

    public StringProperty typeProperty() {
        return type;
    }

    public StringProperty fromProperty() {
        return from;
    }

    public StringProperty toProperty() {
        return to;
    }

    public ObjectProperty<String> outcomeProperty() {
        return outcome;
    }

    public StringProperty slowerThanSecondsProperty() {
        return slowerThanSeconds;
    }

    public ObservableList<StartupRecord> found() {
        return found;
    }

    public ObservableList<StartupRecord> compared() {
        return compared;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
