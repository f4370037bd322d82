package dev.fleetdeck.bench.soak;

import java.util.ArrayList;
import java.util.List;

/** The least-squares slope of values over time, per hour: how fast a figure grows. */
final class Slope {
    private Slope() {}

    record Point(long atMs, double value) {}

    /**
     * The floor of the figure: at each point from the {@code window}-th on, the least of it and the
     * {@code window - 1} before it. A leak raises the floor; a burst that is gone by the next sample
     * (a cached pool's threads after a drain's parallel stops, idle for a minute, then ended) does not.
     */
    static List<Point> floor(List<Point> points, int window) {
        List<Point> floor = new ArrayList<>();
        for (int i = window - 1; i < points.size(); i++) {
            double least = Double.MAX_VALUE;
            for (int j = i - window + 1; j <= i; j++) {
                least = Math.min(least, points.get(j).value());
            }
            floor.add(new Point(points.get(i).atMs(), least));
        }
        return floor;
    }

    /** Units per hour; 0 with fewer than three points (no trend can be told). */
    static double perHour(List<Point> points) {
        int n = points.size();
        if (n < 3) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (Point p : points) {
            mx += p.atMs() / 3_600_000.0;
            my += p.value();
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (Point p : points) {
            double dx = p.atMs() / 3_600_000.0 - mx;
            sxy += dx * (p.value() - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }
}
