package dev.fleetdeck.startup;

/**
 * A stored entry that could not be read as a launch and was skipped, located so it can be found:
 * the journal file and its line, or the Redis key and the member's rank (1-based, in start order).
 * Every reader words it the same way: {@code startups.jsonl:12: skipped: outcome: expected …}.
 *
 * @param source the file (as given) or {@code redis <key>}
 * @param line   the 1-based line of the file, or rank of the member
 * @param reason the field and what was expected, as {@link LineProblem#message()}
 */
public record RecordProblem(String source, long line, String reason) {
    public static RecordProblem of(String source, LineProblem problem) {
        return new RecordProblem(source, problem.lineNumber(), problem.message());
    }

    @Override
    public String toString() {
        return source + ":" + line + ": skipped: " + reason;
    }
}
