package dev.fleetdeck.bench.soak;

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
 * Runs one short-lived command (testbed.sh, redis-cli, jcmd, a fleetdeck CLI call) to its end.
 * Output goes to temp files, not pipes, so a chatty command cannot stall on a full pipe while it
 * is waited for with a time limit (as the tests' ProcessRun does).
 */
final class Commands {
    private Commands() {
    }

    /** A finished command: its exit code (-1 when it had to be killed) and output. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        String require() {
            if (exitCode != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exitCode + ": " + stderr.strip());
            }
            return stdout;
        }
    }

    static Result run(List<String> command, Map<String, String> env, Duration limit) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("fd-soak", ".out");
            err = Files.createTempFile("fd-soak", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(command, -1, Files.readString(out), Files.readString(err) + " (killed after " + limit.toSeconds() + " s)");
            }
            return new Result(command, p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            return new Result(command, -1, "", "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(command, -1, "", "interrupted");
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
