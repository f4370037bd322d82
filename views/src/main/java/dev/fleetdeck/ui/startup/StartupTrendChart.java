package dev.fleetdeck.ui.startup;

import dev.fleetdeck.startup.TrendBucket;
import dev.fleetdeck.startup.TrendUnit;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/**
 * P50 and P95 of successful startups per UTC day or hour, against the fleet-wide target and,
 * when one type is shown, that type's target. A bucket with no successful launch has no point:
 * the line breaks there rather than dropping to 0.
 */
final class StartupTrendChart extends LineChart<String, Number> {
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("MM-dd HH'h'").withZone(ZoneOffset.UTC);

    StartupTrendChart() {
        super(new CategoryAxis(), new NumberAxis());
        setId("analyzer-trend");
        setAnimated(false);
        setCreateSymbols(true);
        setPrefHeight(260);
        getYAxis().setLabel("seconds");
        getXAxis().setLabel("UTC");
    }

    /** @param typeTargetMs the shown type's target, or 0 when all types are shown */
    void set(List<TrendBucket> trend, TrendUnit unit, long targetMs, String typeName, long typeTargetMs) {
        DateTimeFormatter f = unit == TrendUnit.HOUR ? HOUR : DAY;
        XYChart.Series<String, Number> p50 = new XYChart.Series<>();
        p50.setName("P50");
        XYChart.Series<String, Number> p95 = new XYChart.Series<>();
        p95.setName("P95");
        XYChart.Series<String, Number> target = new XYChart.Series<>();
        target.setName(targetMs / 1000 + " s target");
        XYChart.Series<String, Number> typeTarget = new XYChart.Series<>();
        typeTarget.setName(typeName + " target (" + typeTargetMs / 1000 + " s)");
        for (TrendBucket b : trend) {
            String x = f.format(b.start());
            if (b.launches() > b.failures()) {
                p50.getData().add(new XYChart.Data<>(x, b.medianMs() / 1000));
                p95.getData().add(new XYChart.Data<>(x, b.p95Ms() / 1000));
            }
            target.getData().add(new XYChart.Data<>(x, targetMs / 1000.0));
            if (typeTargetMs > 0) {
                typeTarget.getData().add(new XYChart.Data<>(x, typeTargetMs / 1000.0));
            }
        }
        if (typeTargetMs > 0) {
            getData().setAll(List.of(p50, p95, target, typeTarget));
        } else {
            getData().setAll(List.of(p50, p95, target));
        }
    }
}
