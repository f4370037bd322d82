package dev.fleetdeck.alert;

import dev.fleetdeck.store.LockedFile;
import java.util.function.Function;

/** The alert book of one process only: for services built by hand (tests, benchmarks), never a console's. */
public final class InMemoryAlertStore implements AlertStore {
    private AlertBook book = AlertBook.empty();

    @Override
    public synchronized AlertBook read() {
        return book;
    }

    @Override
    public synchronized <R> R change(Function<AlertBook, LockedFile.Outcome<AlertBook, R>> change) {
        LockedFile.Outcome<AlertBook, R> outcome = change.apply(book);
        book = outcome.document();
        return outcome.result();
    }

    @Override
    public String describe() {
        return "this process's memory";
    }
}
