package dev.fleetdeck.ui.launch;

import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecord.Performance;
import dev.fleetdeck.startup.StartupRecord.PlacementAttempt;
import dev.fleetdeck.ui.theme.ChartColors;
import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

/**
 * Launches as a Gantt chart: one row per session, its phases as coloured segments on a shared
 * time axis, each status check as a tick, failed attempts on other agents in red. A launch served
 * by a staged session has no creation or readiness of its own: its claim is drawn in the staged
 * colour with a "staged" mark, so its short bar is not read as a fast cold start. Drawn on one
 * canvas: stacking hundreds of launches costs no scene-graph nodes. Hover tells exact figures.
 */
public final class TimelineChart extends Pane {
    static final double ROW = 26;
    static final double LABEL = 230;
    static final double AXIS = 24;

    private final Canvas canvas = new Canvas();
    private final Tooltip tip = new Tooltip();
    private List<StartupRecord> records = List.of();
    private final ChartColors colors = new ChartColors();

    public TimelineChart() {
        getChildren().add(canvas);
        getStyleClass().add("timeline-chart");
        tip.setShowDelay(Duration.millis(100));
        tip.setFont(Font.font("Monospaced", 12));
        Tooltip.install(canvas, tip);
        canvas.setOnMouseMoved(e -> tip.setText(describeAt(e.getX(), e.getY())));
        widthProperty().addListener(o -> draw());
        colors.install(this, this::draw);
    }

    /** The theme's colours this chart draws with. */
    public ChartColors colors() {
        return colors;
    }

    public void setRecords(List<StartupRecord> records) {
        this.records = List.copyOf(records);
        double h = AXIS + records.size() * ROW + 8;
        setPrefHeight(h);
        setMinHeight(h);
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(Math.max(getHeight(), AXIS + records.size() * ROW + 8));
        draw();
    }

    private long maxMs() {
        long max = 1000;
        for (StartupRecord r : records) {
            if (r.performance() != null) {
                max = Math.max(max, r.performance().totalStartupTimeMs());
            }
        }
        return max;
    }

    private double scale() {
        return Math.max(1, canvas.getWidth() - LABEL - 16) / maxMs();
    }

    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        g.clearRect(0, 0, w, canvas.getHeight());
        if (w <= LABEL) {
            return;
        }
        double px = scale();
        long max = maxMs();
        long step = niceStep(max);
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.CENTER);
        for (long t = 0; t <= max; t += step) {
            double x = LABEL + t * px;
            g.setStroke(colors.grid.get());
            g.strokeLine(x, AXIS - 4, x, canvas.getHeight());
            g.setFill(colors.text.get());
            g.fillText(seconds(t), x, AXIS / 2 - 2);
        }
        g.setTextAlign(TextAlignment.LEFT);
        for (int i = 0; i < records.size(); i++) {
            drawRow(g, records.get(i), AXIS + i * ROW, px);
        }
    }

    private void drawRow(GraphicsContext g, StartupRecord r, double y, double px) {
        g.setFill(r.ready() ? colors.text.get() : colors.failed.get());
        g.setFont(Font.font(12));
        String label = r.workspaceType() + " · " + (r.agent() == null ? "not placed" : r.agent()) + " · " + r.user();
        g.fillText(clip(label, 34), 6, y + ROW / 2);
        Performance p = r.performance();
        if (p == null) {
            return;
        }
        double x = LABEL;
        double top = y + 5;
        double h = ROW - 10;
        x = segment(g, x, p.quotaCheckDurationMs() * px, top, h, colors.quota.get());
        x = segment(
                g, x, p.placementDurationMs() * px, top, h, r.staged() ? colors.staged.get() : colors.placement.get());
        double createStart = x;
        x = segment(g, x, p.sessionCreateDurationMs() * px, top, h, colors.create.get());
        segment(g, x, p.monitoringDurationMs() * px, top, h, r.ready() ? colors.ready.get() : colors.failed.get());
        for (PlacementAttempt a : r.attempts()) {
            if ("failed".equals(a.outcome())) {
                g.setFill(colors.failed.get());
                g.fillRect(LABEL + a.startOffsetMs() * px, top + h - 4, Math.max(2, a.durationMs() * px), 4);
            }
        }
        g.setStroke(colors.text.get());
        g.setLineWidth(1);
        for (long off : p.statusCheckOffsetsMs()) {
            double tx = LABEL + off * px;
            g.strokeLine(tx, top - 3, tx, top + h + 3);
        }
        if (!r.ready()) {
            g.setFill(colors.failed.get());
            g.fillText("failed", Math.max(createStart, LABEL + p.totalStartupTimeMs() * px) + 6, y + ROW / 2);
        } else if (r.staged()) {
            // A diamond and a word: the colour alone would not tell a staged launch in a grey print.
            double end = Math.max(x, LABEL + p.totalStartupTimeMs() * px) + 6;
            double cy = y + ROW / 2;
            g.setFill(colors.staged.get());
            g.fillPolygon(new double[] {end, end + 5, end + 10, end + 5}, new double[] {cy, cy - 5, cy, cy + 5}, 4);
            g.fillText("staged", end + 14, cy);
        }
    }

    private static double segment(GraphicsContext g, double x, double width, double top, double h, Color c) {
        if (width > 0) {
            g.setFill(c);
            g.fillRect(x, top, Math.max(1, width), h);
        }
        return x + width;
    }

    /** The launches drawn, oldest first. */
    public List<StartupRecord> records() {
        return records;
    }

    /** The hover text of row {@code i}: what an operator reads when pointing at it. */
    public String describeAtRow(int i) {
        return describeAt(LABEL + 1, AXIS + i * ROW + ROW / 2);
    }

    /** The exact figures under the mouse, or nothing. */
    String describeAt(double x, double y) {
        int i = (int) ((y - AXIS) / ROW);
        if (y < AXIS || i < 0 || i >= records.size()) {
            return null;
        }
        StartupRecord r = records.get(i);
        Performance p = r.performance();
        StringBuilder sb = new StringBuilder();
        sb.append(r.sessionId())
                .append("  ")
                .append(r.workspaceType())
                .append(" for ")
                .append(r.user())
                .append('\n');
        sb.append("agent      ").append(r.agent() == null ? "—" : r.agent()).append('\n');
        sb.append("outcome    ")
                .append(r.outcome().json())
                .append(r.error() == null ? "" : ": " + r.error())
                .append('\n');
        if (r.staged()) {
            sb.append("staged     served by a session staged ahead: no create, no readiness wait")
                    .append('\n');
        }
        if (p != null) {
            sb.append(String.format(Locale.ROOT, "started    %s%n", p.provisioningStartedAt()));
            sb.append(String.format(Locale.ROOT, "quota      %6d ms%n", p.quotaCheckDurationMs()));
            sb.append(String.format(Locale.ROOT, "placement  %6d ms%n", p.placementDurationMs()));
            sb.append(String.format(Locale.ROOT, "create     %6d ms%n", p.sessionCreateDurationMs()));
            sb.append(String.format(
                    Locale.ROOT, "readiness  %6d ms (%s)%n", p.monitoringDurationMs(), p.readinessSource()));
            sb.append(String.format(Locale.ROOT, "total      %6d ms%n", p.totalStartupTimeMs()));
            sb.append(String.format(
                    Locale.ROOT,
                    "checks     %d, avg %d ms",
                    p.statusCheckAttempts(),
                    p.averageStatusCheckDurationMs()));
        }
        for (PlacementAttempt a : r.attempts()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%nattempt    %s %s at %d ms (%d ms)%s",
                    a.agent(),
                    a.outcome(),
                    a.startOffsetMs(),
                    a.durationMs(),
                    a.error() == null ? "" : ": " + a.error()));
        }
        return sb.toString();
    }

    private static long niceStep(long max) {
        long[] steps = {100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000};
        for (long s : steps) {
            if (max / s <= 10) {
                return s;
            }
        }
        return 120_000;
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
