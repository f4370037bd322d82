package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.drain.Drain;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * The console's background duties without a window: the fleet's staging pools (while this process
 * holds the keeper lease), the scheduled pre-pull, the drains nobody runs (resumed at start and
 * every lease period, each then running to its deadline here) and the alert rules (while it holds
 * the alerts lease). Runs until SIGTERM or Ctrl-C.
 */
@Command(
        name = "keeper",
        mixinStandardHelpOptions = true,
        description = "Keep the fleet's staging pools, the scheduled pre-pull and running drains going without a "
                + "window, in the foreground until SIGTERM or Ctrl-C; one line per action. One keeper at a time "
                + "keeps the pools (a lease); another keeper or console takes over within one lease period.")
public final class KeeperCommand extends FleetCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    public KeeperCommand(GlobalOptions global, ServicesOpener opener) {
        super(global, opener);
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        if (!services.somethingToKeep() && !services.config().alerts().delivers()) {
            out.println("nothing to keep: no staging pool (poolSize above 0), no prePull and no alerts: destination in "
                    + services.label() + " — set poolSize on a workspace, settings: prePull: { every: 30m }"
                    + " or alerts: { webhooks: [...] }");
            return 0;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    try {
                        // Let the main thread give the lease up before the JVM halts.
                        stopped.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "fleetdeck-keeper-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            services.onKeeperAction(line -> say(out, line));
            services.drains().addListener(p -> say(out, "drain " + p.line()));
            say(out, "keeper " + services.keeperLease().owner() + " for " + services.label() + ": " + duties(services));
            services.fleet().refreshAll(); // placement and the pools need a first reading of every agent
            services.fleet().start();
            services.publishFigures("keeper"); // what fleetdeck agents prints, one reading for every operator
            services.recordHistory();
            services.startPools();
            services.startPrePull();
            services.startDiskWatch(); // the disk alert's figures
            // The alert rules, while this process holds the alerts lease (else a window evaluates them).
            services.startAlerts(line -> say(out, line));
            Duration every = services.config().settings().keeperLease();
            while (!stop.await(0, TimeUnit.MILLISECONDS)) {
                // Drains a closed or killed console left: resumed here, then ticking to their deadlines.
                for (Drain d : services.drains().resumeAll()) {
                    say(
                            out,
                            "resumed the drain of " + d.record().agent() + " (was run by "
                                    + d.record().owner() + ")");
                }
                say(out, keptBy(services));
                stop.await(every.toMillis(), TimeUnit.MILLISECONDS);
            }
            say(out, "stopping: the staged sessions stay for the next keeper");
            services.poolKeeper().close();
            services.keeperLease().close();
            return 0;
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }

    private String lastKeptBy = "";

    /** "kept by …" when it changed since the last line, else nothing new to say. */
    private String keptBy(Services services) {
        String me = services.keeperLease().owner();
        String now = services.keeperLease()
                .holder()
                .filter(h -> !h.equals(me))
                .map(h -> "the pools are kept by " + h + "; standing by")
                .orElse("");
        if (now.equals(lastKeptBy)) {
            return null;
        }
        lastKeptBy = now;
        return now.isEmpty() ? null : now;
    }

    private static String duties(Services services) {
        List<String> parts = new ArrayList<>();
        List<String> pools = services.stagingPools().pools().stream()
                .filter(p -> p.size() > 0)
                .map(p -> p.label() + " " + p.size())
                .toList();
        parts.add(
                pools.isEmpty()
                        ? "no staging pools"
                        : "staging pools " + String.join(", ", pools) + " (lease every "
                                + services.config().settings().keeperLease().toSeconds() + " s)");
        services.config()
                .settings()
                .prePullEvery()
                .ifPresent(d -> parts.add("pre-pull every " + d.toMinutes() + " min"));
        parts.add("drains and their deadlines");
        int destinations = services.config().alerts().webhooks().size()
                + (services.config().alerts().alertmanager().isPresent() ? 1 : 0);
        parts.add("alert rules"
                + (destinations == 0
                        ? " (no destination: fleetdeck alerts shows them)"
                        : " to " + destinations + " destination" + (destinations == 1 ? "" : "s")));
        return String.join("; ", parts);
    }

    private static void say(PrintWriter out, String line) {
        if (line != null) {
            synchronized (out) {
                out.println(LocalTime.now(ZoneOffset.UTC).format(TIME) + " " + line);
                out.flush();
            }
        }
    }
}
