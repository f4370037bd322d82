package dev.fleetdeck.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void after(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void rateIsUnitsPerSecondSinceTheStartAndTimeLeftFollowsFromIt() {
        Progress p = new Progress("copy", "B", 1000, nanos::get);
        assertThat(p.snapshot().ratePerSecond()).isZero();
        assertThat(p.snapshot().remaining()).isEmpty();

        after(Duration.ofSeconds(2));
        p.advance(250);
        ProgressSnapshot s = p.snapshot();

        assertThat(s.done()).isEqualTo(250);
        assertThat(s.fraction()).isEqualTo(0.25);
        assertThat(s.ratePerSecond()).isEqualTo(125.0);
        assertThat(s.remaining()).contains(Duration.ofSeconds(6));
        assertThat(s.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anUnknownTotalHasNoFractionAndNoTimeLeftUntilItIsKnown() {
        Progress p = new Progress("round", "transfers", 0, nanos::get);
        after(Duration.ofSeconds(1));
        p.advance(1);
        assertThat(p.snapshot().fraction()).isEqualTo(-1);
        assertThat(p.snapshot().remaining()).isEmpty();

        p.total(4);
        assertThat(p.snapshot().remaining()).contains(Duration.ofSeconds(3));
    }

    @Test
    void finishingFreezesTheFiguresAndLeavesNoTimeLeft() {
        Progress p = new Progress("launching 4 × firefox", "launches", 4, nanos::get);
        after(Duration.ofSeconds(4));
        p.doneSoFar(4);
        p.finish();
        after(Duration.ofSeconds(60));

        ProgressSnapshot s = p.snapshot();
        assertThat(s.finished()).isTrue();
        assertThat(s.elapsed()).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.ratePerSecond()).isEqualTo(1.0);
        assertThat(s.remaining()).contains(Duration.ZERO);
        assertThat(ProgressText.figures(s)).isEqualTo("4/4 launches · 1.0/s · 0:00");
    }

    @Test
    void bytesAreShownInMebibytes() {
        Progress p = new Progress("copy", "B", 3L << 30, nanos::get);
        after(Duration.ofSeconds(10));
        p.advance(1L << 30);
        assertThat(ProgressText.figures(p.snapshot())).isEqualTo("1024.0/3072.0 MiB · 102.4 MiB/s · 0:20 left");
    }

    @Test
    void cancelRunsTheWorksHooksOnceAndTheBoardDropsFinishedWork() {
        ProgressBoard board = new ProgressBoard(nanos::get);
        List<List<ProgressSnapshot>> seen = new ArrayList<>();
        board.addListener(seen::add);
        AtomicInteger cancels = new AtomicInteger();
        Progress copy = board.begin("copy", "B", 10);
        copy.onCancel(cancels::incrementAndGet);
        Progress launch = board.track(new Progress("launch", "launches", 2, nanos::get));

        board.cancel(copy.snapshot().id());
        board.cancel(copy.snapshot().id());
        assertThat(cancels).hasValue(1);
        assertThat(copy.cancelRequested()).isTrue();
        assertThat(ProgressText.figures(copy.snapshot())).endsWith("cancelling");

        copy.finish();
        assertThat(board.running()).containsExactly(launch);
        launch.finish();
        assertThat(board.running()).isEmpty();
        assertThat(seen.get(seen.size() - 1)).isEmpty();
        assertThat(seen)
                .anySatisfy(list ->
                        assertThat(list).extracting(ProgressSnapshot::title).containsExactly("copy", "launch"));
    }
}
