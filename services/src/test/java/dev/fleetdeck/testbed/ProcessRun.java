package dev.fleetdeck.testbed;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A finished process: exit code and its output. Output goes to temp files rather than pipes, so a
 * chatty process cannot stall on a full pipe while we wait for it with a time limit.
 */
public record ProcessRun(List<String> command, int exitCode, String stdout, String stderr) {

    public static ProcessRun run(List<String> command, Map<String, String> env, Duration limit) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("fd-proc", ".out");
            err = Files.createTempFile("fd-proc", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return new ProcessRun(
                        command,
                        -1,
                        Files.readString(out),
                        Files.readString(err) + "\n(killed after " + limit.toSeconds() + " s)");
            }
            return new ProcessRun(command, process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            return new ProcessRun(command, -1, "", "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProcessRun(command, -1, "", "interrupted");
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    public String requireSuccess() {
        if (exitCode != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exitCode + ": " + stderr.strip());
        }
        return stdout;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
