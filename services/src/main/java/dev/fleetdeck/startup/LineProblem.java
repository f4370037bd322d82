package dev.fleetdeck.startup;

/**
 * A journal line that could not be read as a launch, and was skipped.
 *
 * @param lineNumber 1-based, counting blank lines, so an editor's "go to line" finds it
 * @param message    the field (dotted path) and what was expected, e.g.
 *                   {@code performance.totalStartupTimeMs: expected a whole number of milliseconds, got a string}
 */
public record LineProblem(long lineNumber, String message) {
    @Override
    public String toString() {
        return "line " + lineNumber + ": " + message;
    }
}
