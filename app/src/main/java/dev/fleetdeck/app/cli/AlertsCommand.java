package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.alert.Alert;
import dev.fleetdeck.alert.AlertBook;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The alerts firing now, as the fleet's evaluator (a keeper or a window) last saw them. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = "Print the alerts firing now and where each was delivered. The rules run in a keeper or a "
                + "window (one process of the fleet at a time); this command reads what they recorded.")
public final class AlertsCommand extends FleetCommand {
    /** An evaluation older than this means no process evaluates the rules now. */
    static final Duration STALE = Duration.ofMinutes(2);

    private final ObjectMapper json;

    @Option(
            names = "--json",
            description = "The book as JSON: evaluatedAt, evaluatedBy, active alerts with their deliveries.")
    boolean asJson;

    public AlertsCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.json = json;
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        AlertBook book = services.alerts().read();
        Instant now = Instant.now();
        boolean stale = book.evaluatedAt() == null
                || Duration.between(book.evaluatedAt(), now).compareTo(STALE) > 0;
        if (asJson) {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(asJson(book, stale)));
            return 0;
        }
        if (book.evaluatedAt() == null) {
            out.println("no alerts evaluated yet: the rules run in `fleetdeck keeper` or a console window");
            return 0;
        }
        out.println("evaluated by " + book.evaluatedBy() + " at " + book.evaluatedAt()
                + (stale
                        ? " — no process has evaluated the rules for "
                                + Duration.between(book.evaluatedAt(), now).toMinutes()
                                + " min (start `fleetdeck keeper` or a window)"
                        : ""));
        if (book.active().isEmpty()) {
            out.println("no alerts firing");
        }
        for (AlertBook.Active a : book.active().values()) {
            Alert alert = a.alert();
            out.println(String.format(
                    Locale.ROOT,
                    "%-8s %-28s since %s  %s",
                    alert.severity().label().toUpperCase(Locale.ROOT),
                    alert.key(),
                    a.since(),
                    alert.summary()));
            for (String d : deliveries(book, alert.key())) {
                out.println("         " + d);
            }
            for (String r : alert.recommendations()) {
                out.println("         → " + r);
            }
        }
        long waiting = book.pending().size();
        if (waiting > 0) {
            out.println(waiting + " deliveries waiting to be retried (resolutions included)");
        }
        return 0;
    }

    private static List<String> deliveries(AlertBook book, String key) {
        List<String> out = new ArrayList<>();
        for (AlertBook.Delivery d : book.pending()) {
            if (d.change().alert().key().equals(key)) {
                out.add(d.change().status().json() + " to " + d.sink() + ": waiting, " + d.attempts() + " attempts"
                        + (d.lastError() == null ? "" : ", last: " + d.lastError()) + ", next at " + d.nextAttemptAt());
            }
        }
        for (AlertBook.Delivered d : book.delivered()) {
            if (d.key().equals(key)) {
                out.add(d.status() + " to " + d.sink() + ": delivered at " + d.at()
                        + (d.attempts() > 1 ? " after " + d.attempts() + " attempts" : ""));
            }
        }
        return out;
    }

    private static Map<String, Object> asJson(AlertBook book, boolean stale) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("evaluatedAt", book.evaluatedAt());
        m.put("evaluatedBy", book.evaluatedBy());
        m.put("stale", stale);
        List<Map<String, Object>> active = new ArrayList<>();
        for (AlertBook.Active a : book.active().values()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("key", a.alert().key());
            one.put("severity", a.alert().severity().label());
            one.put("agent", a.alert().agent());
            one.put("summary", a.alert().summary());
            one.put("since", a.since());
            one.put("numbers", a.alert().numbers());
            one.put("recommendations", a.alert().recommendations());
            one.put("deliveries", deliveries(book, a.alert().key()));
            active.add(one);
        }
        m.put("active", active);
        m.put("pendingDeliveries", book.pending().size());
        return m;
    }
}
