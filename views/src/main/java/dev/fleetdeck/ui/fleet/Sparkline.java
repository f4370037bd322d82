package dev.fleetdeck.ui.fleet;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * The last minutes of one metric as a line, drawn straight on a canvas: a chart control per
 * table row would cost hundreds of nodes each refresh.
 */
public final class Sparkline extends Canvas {
    private Color color = Color.web("#0969da");
    private float[] values = new float[0];
    private int window = 1;

    public Sparkline(double width, double height) {
        super(width, height);
        getStyleClass().add("sparkline");
    }

    /** The line's colour (the theme's, see ThemeColor); what is drawn is drawn again in it. */
    public void setColor(Color color) {
        this.color = color;
        draw(values, window);
    }

    public Color color() {
        return color;
    }

    /** Values are percentages, oldest first; {@code window} is how many points fill the width. */
    public void draw(float[] values, int window) {
        this.values = values;
        this.window = window;
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth();
        double h = getHeight();
        g.clearRect(0, 0, w, h);
        if (values.length < 2) {
            return;
        }
        int n = Math.min(values.length, window);
        int from = values.length - n;
        double step = w / Math.max(1, window - 1);
        double x0 = w - (n - 1) * step;
        g.setStroke(color);
        g.setLineWidth(1.2);
        g.beginPath();
        for (int i = 0; i < n; i++) {
            double x = x0 + i * step;
            double y = h - 1 - Math.max(0, Math.min(100, values[from + i])) / 100.0 * (h - 2);
            if (i == 0) {
                g.moveTo(x, y);
            } else {
                g.lineTo(x, y);
            }
        }
        g.stroke();
    }
}
