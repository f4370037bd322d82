package dev.fleetdeck.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started as {@code scripts/run-console} starts it (installer/package/launch.sh), so a bench
 * measures what a user runs: a command's options (C1 only) or the window's, this build's class
 * archive (made first when missing or stale), JavaFX on the module path, {@code app/target} on the
 * class path. Run from the repository's root.
 */
public final class CommandJvm {
    private CommandJvm() {}

    /** {@code java}, then the options of {@code kind} ("command" or "window"), then Main. */
    static List<String> line(String kind) throws IOException, InterruptedException {
        return line(Path.of("").toAbsolutePath(), kind);
    }

    /** As {@link #line(String)}, for the build at {@code root}. */
    public static List<String> line(Path root, String kind) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "bash",
                        "-c",
                        ". \"$1/installer/package/launch.sh\" && fleetdeck_dev_jvm \"$1\" \"$2\"",
                        "launch",
                        root.toString(),
                        kind)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("installer/package/launch.sh: fleetdeck_dev_jvm failed");
        }
        List<String> line = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        out.lines().filter(l -> !l.isBlank()).forEach(line::add);
        line.add("dev.fleetdeck.app.Main");
        return line;
    }
}
