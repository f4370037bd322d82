package dev.fleetdeck.bench;

import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.FleetMonitor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How old the figures a console shows get: every 250 ms, for every agent, now minus the daemon's
 * read time of the oldest sample behind its figures (a session's figures are its sample's; an
 * agent's totals are the sum of its sessions', so they are as old as the oldest).
 */
final class FigureAges {
    private final List<Double> worst = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private FigureAges(FleetMonitor fleet) {
        sampler = new Thread(
                () -> {
                    while (running) {
                        double max = 0;
                        Instant now = Instant.now();
                        for (AgentMonitor m : fleet.agents()) {
                            Optional<Instant> oldest = m.oldestSample();
                            if (oldest.isPresent()) {
                                max = Math.max(
                                        max, Duration.between(oldest.get(), now).toMillis() / 1000.0);
                            }
                        }
                        synchronized (worst) {
                            worst.add(max);
                        }
                        try {
                            Thread.sleep(250);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "bench-figure-ages");
        sampler.setDaemon(true);
        sampler.start();
    }

    static FigureAges start(FleetMonitor fleet) {
        return new FigureAges(fleet);
    }

    void stop() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }

    double maxSeconds() {
        synchronized (worst) {
            return worst.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    double p99Seconds() {
        synchronized (worst) {
            List<Double> sorted = worst.stream().sorted().toList();
            return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.floor(0.99 * (sorted.size() - 1)));
        }
    }
}
