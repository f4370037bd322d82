package dev.fleetdeck.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainLanesTest {
    private final ExecutorService workers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        workers.shutdownNow();
        assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** The last task's lane ends just after the task itself: wait for that, briefly. */
    private static boolean idleWithin(DrainLanes lanes, long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (lanes.running() > 0 && System.currentTimeMillis() < until) {
            Thread.sleep(5);
        }
        return lanes.running() == 0;
    }

    @Test
    void neverMoreThanItsLanesAtOnceAndEveryTaskRunsInOrder() throws Exception {
        DrainLanes lanes = new DrainLanes(workers, 3);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> started = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(40);
        for (int i = 0; i < 40; i++) {
            int n = i;
            lanes.execute(() -> {
                started.add(n);
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                now.decrementAndGet();
                done.countDown();
            });
        }

        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(most.get()).isEqualTo(3);
        assertThat(started).hasSize(40);
        // Tasks leave the queue in the order given. Between leaving it and recording itself a task
        // can be overtaken only by the ones the other two lanes took meanwhile: so no task has
        // more than two earlier ones recorded after it (a queue out of order breaks this).
        for (int p = 0; p < started.size(); p++) {
            int n = started.get(p);
            long overtaken = started.subList(p + 1, started.size()).stream()
                    .filter(later -> later < n)
                    .count();
            assertThat(overtaken).as("earlier tasks recorded after task %d", n).isLessThanOrEqualTo(2);
        }
        assertThat(idleWithin(lanes, 5_000))
                .as("the lanes give their threads back")
                .isTrue();
    }

    @Test
    void aTaskThatThrowsDoesNotTakeTheWaitingOnesWithIt() throws Exception {
        DrainLanes lanes = new DrainLanes(workers, 1);
        CountDownLatch after = new CountDownLatch(2);
        lanes.execute(() -> {
            throw new IllegalStateException("a notice failed");
        });
        lanes.execute(after::countDown);
        lanes.execute(after::countDown);

        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(idleWithin(lanes, 5_000))
                .as("the lanes give their threads back")
                .isTrue();
    }
}
