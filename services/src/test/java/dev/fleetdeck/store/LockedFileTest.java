package dev.fleetdeck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.testbed.ProcessRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockedFileTest {
    private static final ObjectMapper JSON = Json.mapper();

    /** The document of these tests: a counter and who wrote last. */
    record Counter(long value, String by) {
        static Counter zero() {
            return new Counter(0, "");
        }
    }

    static LockedFile<Counter> counter(Path file) throws IOException {
        return new LockedFile<>(file, JSON, Counter.class, Counter::zero, "test counter");
    }

    @Test
    void separateProcessesNeverLoseAnUpdate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("counter.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Incrementer.class.getName(),
                file.toString(),
                "200");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<ProcessRun>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> ProcessRun.run(command, Map.of(), Duration.ofSeconds(60))));
            }
            for (Future<ProcessRun> run : runs) {
                assertThat(run.get().exitCode()).as(run.get().stderr()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counter(file).read().value()).isEqualTo(600);
    }

    @Test
    void threadsAndSecondInstancesOfOneFileQueueInsteadOfFailing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("counter.json");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                LockedFile<Counter> own = counter(file); // one instance per thread: same path, same JVM
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        own.update(c -> new Counter(c.value() + 1, "thread"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counter(file).read().value()).isEqualTo(400);
    }

    @Test
    void returningTheSameDocumentWritesNothing(@TempDir Path dir) throws Exception {
        LockedFile<Counter> c = counter(dir.resolve("c.json"));
        c.update(x -> x);
        assertThat(Files.exists(c.path())).isFalse();
        String result = c.withLock(x -> new LockedFile.Outcome<>(new Counter(5, "me"), "granted"));
        assertThat(result).isEqualTo("granted");
        assertThat(c.read()).isEqualTo(new Counter(5, "me"));
    }

    @Test
    void aDocumentThatIsNotJsonNamesItsFileAndTheFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> counter(file).read())
                .hasMessageContaining("test counter in " + file)
                .hasMessageContaining("move it aside");
    }

    /** A separate JVM that adds one to the counter {@code n} times. */
    public static final class Incrementer {
        public static void main(String[] args) throws Exception {
            LockedFile<Counter> c = counter(Path.of(args[0]));
            long me = ProcessHandle.current().pid();
            for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                c.update(x -> new Counter(x.value() + 1, "pid " + me));
            }
        }
    }
}
