package dev.fleetdeck.fleet;

/**
 * How a command run inside a container ended.
 *
 * @param output the command's stdout and stderr, cut to its first {@link #MAX_OUTPUT_CHARS} characters
 */
public record ExecResult(int exitCode, String output) {
    /** Enough for a reason in a drain record; a chatty command must not fill the heap. */
    public static final int MAX_OUTPUT_CHARS = 2_000;

    public ExecResult {
        output = output == null
                ? ""
                : output.length() > MAX_OUTPUT_CHARS ? output.substring(0, MAX_OUTPUT_CHARS) : output;
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The output's last non-blank line, for a one-line reason. */
    public String lastLine() {
        return output.strip().lines().reduce((a, b) -> b).orElse("");
    }
}
