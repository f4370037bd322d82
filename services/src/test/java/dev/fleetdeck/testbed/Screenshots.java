package dev.fleetdeck.testbed;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Takes a screenshot of the whole X display with imagemagick's {@code import}, as a person would
 * see it, when FLEETDECK_SCREENSHOTS names a directory (the README's test command sets it to
 * docs/). Without it, nothing is written.
 */
public final class Screenshots {
    private Screenshots() {}

    public static void capture(String name) throws IOException, InterruptedException {
        String dir = System.getenv("FLEETDECK_SCREENSHOTS");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path target = Path.of(dir).resolve(name + ".png");
        Files.createDirectories(target.getParent());
        Process p = new ProcessBuilder("import", "-window", "root", target.toString())
                .redirectErrorStream(true)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("import could not take screenshot " + target + ": "
                    + new String(p.getInputStream().readAllBytes(), UTF_8));
        }
    }
}
