package dev.fleetdeck.app.cli;

import dev.fleetdeck.progress.Progress;
import dev.fleetdeck.progress.ProgressSnapshot;
import java.io.PrintStream;
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
    private final ProgressBar bar;
    private final Progress progress;
    private final Consumer<ProgressSnapshot> follow;

    private ProgressLine(Progress progress, PrintStream terminal) {
        this.progress = progress;
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
    static AutoCloseable of(Progress progress, boolean json) {
        if (json || System.console() == null) {
            return () -> {};
        }
        return new ProgressLine(progress, System.err);
    }

    @Override
    public void close() {
        progress.removeListener(follow);
        follow.accept(progress.snapshot());
        bar.close();
    }
}
