package dev.fleetdeck.startup;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A trend as CSV for a spreadsheet: the export's {@code trend} rows, same columns, same figures. */
public final class TrendCsv {
    public static final String HEADER = "start,launches,failures,failureRate,medianMs,p95Ms,withinTargetPct";

    public void write(List<TrendBucket> trend, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(trend, out);
        }
    }

    public void write(List<TrendBucket> trend, Writer out) throws IOException {
        out.write(HEADER + "\n");
        for (TrendBucket b : trend) {
            // Full precision, '.' decimals whatever the locale: a spreadsheet reads back the JSON's numbers.
            out.write(String.format(
                    Locale.ROOT,
                    "%s,%d,%d,%s,%s,%s,%s\n",
                    b.start(),
                    b.launches(),
                    b.failures(),
                    Double.toString(b.failureRate()),
                    Double.toString(b.medianMs()),
                    Double.toString(b.p95Ms()),
                    Double.toString(b.withinTargetPct())));
        }
    }
}
