package dev.fleetdeck.bench.soak;

import java.util.List;

/** The least-squares slope of values over time, per hour: how fast a figure grows. */
final class Slope {
    private Slope() {}

    record Point(long atMs, double value) {}

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
