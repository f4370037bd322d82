package dev.fleetdeck.sim;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * How long a simulated engine takes to create, start and ready a session, per image, so the demo
 * fleet's startup timelines look like a real platform's: the startup guide's creation phase of
 * 10–40 s and readiness of 5–20 s, the heavy desktops slower, scaled down for a lively demo.
 *
 * @param scale        multiplies every duration (1 = the guide's seconds; the demo uses 0.1)
 * @param failureRate  share of sessions that exit before they are ready
 */
public record SimulatedTimings(double scale, double failureRate, Map<String, Profile> byImageName) {

    /** Seconds of each phase at scale 1, for one image. */
    public record Profile(double createSeconds, double readySeconds) {}

    private static final Profile DEFAULT = new Profile(15, 10);

    /** Kasm-like profiles by image name fragment: heavier desktops take longer. */
    public static SimulatedTimings demo() {
        return new SimulatedTimings(
                0.1,
                0.04,
                Map.of(
                        "firefox", new Profile(12, 8),
                        "vscode", new Profile(16, 9),
                        "burp", new Profile(22, 12),
                        "empire", new Profile(18, 10),
                        "kali", new Profile(30, 22)));
    }

    Profile profileOf(String image) {
        for (Map.Entry<String, Profile> e : byImageName.entrySet()) {
            if (image.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return DEFAULT;
    }

    /** A duration around {@code seconds}, spread ±40 % with an occasional slow outlier. */
    long millis(double seconds, SplittableRandom random) {
        double spread = 0.6 + random.nextDouble() * 0.8;
        double outlier = random.nextDouble() < 0.05 ? 1.8 : 1.0;
        return Math.round(seconds * spread * outlier * scale * 1000);
    }
}
