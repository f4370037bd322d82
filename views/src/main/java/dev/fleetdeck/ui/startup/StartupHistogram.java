package dev.fleetdeck.ui.startup;

import dev.fleetdeck.ui.theme.ChartColors;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Startup times as a histogram, with the 60 s target and P95/P99 drawn as vertical lines, so a
 * tail that crosses the target shows at a glance.
 */
public final class StartupHistogram extends Pane {
    private static final double LEFT = 40;
    private static final double BOTTOM = 26;
    private final Canvas canvas = new Canvas();
    private long[] values = new long[0];
    private double p95;
    private double p99;
    private long targetMs = 60_000;
    private final ChartColors colors = new ChartColors();

    public StartupHistogram() {
        getChildren().add(canvas);
        setMinHeight(180);
        setPrefHeight(220);
        colors.install(this, this::draw);
    }

    /** The theme's colours this chart draws with. */
    public ChartColors colors() {
        return colors;
    }

    public void set(long[] valuesMs, double p95Ms, double p99Ms, long targetMs) {
        this.values = valuesMs.clone();
        this.p95 = p95Ms;
        this.p99 = p99Ms;
        this.targetMs = targetMs;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (w < LEFT + 20 || h < BOTTOM + 20) {
            return;
        }
        Color text = colors.text.get();
        g.setFont(Font.font(11));
        g.setFill(text);
        if (values.length == 0) {
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText("no successful launches in this window", w / 2, h / 2);
            return;
        }
        long max = targetMs;
        for (long v : values) {
            max = Math.max(max, v);
        }
        max = (long) (max * 1.05) + 1;
        int bins = 40;
        double binMs = (double) max / bins;
        int[] counts = new int[bins];
        for (long v : values) {
            counts[(int) Math.min(bins - 1, v / binMs)]++;
        }
        int top = 1;
        for (int c : counts) {
            top = Math.max(top, c);
        }
        double plotW = w - LEFT - 10;
        double plotH = h - BOTTOM - 10;
        double barW = plotW / bins;
        g.setFill(colors.create.get());
        for (int i = 0; i < bins; i++) {
            double bh = counts[i] / (double) top * plotH;
            g.fillRect(LEFT + i * barW + 1, 10 + plotH - bh, Math.max(1, barW - 2), bh);
        }
        g.setStroke(text);
        g.strokeLine(LEFT, 10 + plotH, LEFT + plotW, 10 + plotH);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.setFill(text);
        for (int i = 0; i <= 4; i++) {
            double ms = max * i / 4.0;
            g.fillText(String.format(Locale.ROOT, "%.0f s", ms / 1000), LEFT + plotW * i / 4, 10 + plotH + 4);
        }
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(Integer.toString(top), LEFT - 6, 10);
        g.fillText("0", LEFT - 6, 10 + plotH);
        line(
                g,
                (double) targetMs,
                max,
                plotW,
                plotH,
                colors.failed.get(),
                String.format(Locale.ROOT, "%.0f s target", targetMs / 1000.0));
        line(g, p95, max, plotW, plotH, colors.placement.get(), "P95");
        line(g, p99, max, plotW, plotH, colors.quota.get(), "P99");
    }

    private static void line(
            GraphicsContext g, double ms, long max, double plotW, double plotH, Color c, String label) {
        double x = LEFT + ms / max * plotW;
        g.setStroke(c);
        g.setLineWidth(1.5);
        g.setLineDashes(5, 4);
        g.strokeLine(x, 10, x, 10 + plotH);
        g.setLineDashes();
        g.setLineWidth(1);
        g.setFill(c);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(label, x + 3, 12 + ("P99".equals(label) ? 14 : "P95".equals(label) ? 28 : 0));
    }
}
