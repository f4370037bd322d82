package dev.fleetdeck.testbed;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A file system of its own for one test: a tmpfs of a few KiB mounted on a folder (root only, as
 * the test bed's engines), which {@link #fill()} fills to the last byte, as a full data disk, and
 * {@link #free()} empties again. Unmounted on close.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path dir;
    private final Path filler;

    public SmallDisk(Path dir, int kib) throws IOException {
        assumeTrue(
                "0"
                        .equals(ProcessRun.run(List.of("id", "-u"), Map.of(), Duration.ofSeconds(5))
                                .stdout()
                                .strip()),
                "mounting a small tmpfs needs root");
        this.dir = Files.createDirectories(dir);
        this.filler = dir.resolve("filler");
        ProcessRun.run(
                        List.of("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "fleetdeck-test", dir.toString()),
                        Map.of(),
                        Duration.ofSeconds(10))
                .requireSuccess();
    }

    public Path dir() {
        return dir;
    }

    /** Writes a filler file until the disk says it is full. */
    public void fill() throws IOException {
        try (FileChannel c = FileChannel.open(
                filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer block = ByteBuffer.allocate(512);
            while (true) {
                block.clear();
                c.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() {
        ProcessRun.run(List.of("umount", dir.toString()), Map.of(), Duration.ofSeconds(10))
                .requireSuccess();
    }
}
