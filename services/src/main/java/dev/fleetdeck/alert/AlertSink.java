package dev.fleetdeck.alert;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;

/** Where alerts go: a webhook, Alertmanager. A failed delivery throws; the caller keeps and retries it. */
public interface AlertSink {

    /** A stable name, also what the book records per delivery ({@code webhook 1 https://hooks.example}). */
    String name();

    /** Delivers one change; {@code id} is the same at every retry of it. */
    void deliver(AlertChange change, String id) throws IOException;

    /**
     * Says again that these alerts still fire, for sinks that forget an alert nobody repeats
     * (Alertmanager resolves an alert whose {@code endsAt} passes). Nothing for a webhook.
     */
    default void reassert(Collection<AlertBook.Active> active, Instant now) throws IOException {}
}
