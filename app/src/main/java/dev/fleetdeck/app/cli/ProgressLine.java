package dev.fleetdeck.app.cli;

import dev.fleetdeck.progress.Progress;
import dev.fleetdeck.progress.ProgressSnapshot;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A command's long work as one progress line on the terminal (me.tongfei:progressbar, redrawn in
 * place on stderr): done/total, rate and time left, from the work's {@link Progress} — the same
 * figures the window's task list shows. Nothing at all when the output is not a terminal (piped,
 * redirected, a test) or is JSON, so scripts and logs never see it.
 */
final class ProgressLine implements AutoCloseable {
    /** Erases the terminal's current line (the bar's) and returns to its start. */
    private static final String ERASE_LINE = "\r\u001b[2K";

    private final ProgressBar bar;
    private final Progress progress;
    private final Consumer<ProgressSnapshot> follow;
    private final PrintStream terminal;

    /** Shows nothing: off a terminal, or JSON. */
    private ProgressLine() {
        this.bar = null;
        this.progress = null;
        this.follow = null;
        this.terminal = null;
    }

    private ProgressLine(Progress progress, PrintStream terminal) {
        this.progress = progress;
        this.terminal = terminal;
        ProgressSnapshot first = progress.snapshot();
        boolean bytes = "B".equals(first.unit());
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(first.title())
                .setInitialMax(first.total() > 0 ? first.total() : -1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(terminal))
                .showSpeed(new DecimalFormat("0.0"))
                .setSpeedUnit(ChronoUnit.SECONDS)
                // Time left from the model, so the line and the window say the same.
                .setEtaFunction(state -> progress.snapshot().remaining());
        if (bytes) {
            builder.setUnit(" MiB", 1 << 20);
        } else {
            builder.setUnit(" " + first.unit(), 1);
        }
        this.bar = builder.build();
        this.follow = s -> {
            if (s.total() > 0 && s.total() != bar.getMax()) {
                bar.maxHint(s.total());
            }
            bar.stepTo(s.done());
            bar.setExtraMessage(s.detail());
        };
        progress.addListener(follow);
        follow.accept(progress.snapshot());
    }

    /**
     * A line for {@code progress} when this process writes to a terminal and not JSON; else one that
     * shows nothing. {@code System.console()} is there only when stdin and stdout are a terminal.
     */
    @SuppressWarnings("SystemConsoleNull") // we run on Java 17, where console() is null off a terminal
    static ProgressLine of(Progress progress, boolean json) {
        if (json || System.console() == null) {
            return new ProgressLine();
        }
        return new ProgressLine(progress, System.err);
    }

    /**
     * Prints a line of the command's own above the bar: the bar's line is erased first, so the
     * text does not run on after it; the bar is drawn again below at its next update.
     */
    void above(PrintWriter out, String line) {
        if (terminal != null) {
            terminal.print(ERASE_LINE);
            terminal.flush();
        }
        out.println(line);
        out.flush();
    }

    @Override
    public void close() {
        if (bar == null) {
            return;
        }
        progress.removeListener(follow);
        follow.accept(progress.snapshot());
        bar.close();
    }
}
