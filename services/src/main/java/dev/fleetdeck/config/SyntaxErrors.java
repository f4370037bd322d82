package dev.fleetdeck.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns a parser's complaint into one line for the operator. Jackson's messages carry source
 * snippets, token codes and internal class names; this keeps the location and the gist.
 */
final class SyntaxErrors {

    private SyntaxErrors() {}

    static String describe(String source, LocatedDocument.Syntax syntax, JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = source;
        if (location != null && location.getLineNr() > 0) {
            where += ":" + location.getLineNr() + (location.getColumnNr() > 0 ? ":" + location.getColumnNr() : "");
        }
        String hint = syntax == LocatedDocument.Syntax.YAML
                ? "check the indentation (spaces, not tabs), that each 'key: value' has a space after the colon,"
                        + " and quote values that contain ': ' or start with a special character"
                : "check for a missing comma, quote, colon or closing bracket near there";
        return where + ": not valid " + syntax + " (" + gist(e) + ") — " + hint;
    }

    private static String gist(JsonProcessingException e) {
        // SnakeYAML's first line is the context ("while parsing a block collection"); the problem
        // ("expected <block end>, but found ...") is what went wrong.
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            return shorten(yaml.getProblem().strip());
        }
        String message = e.getOriginalMessage();
        if (message == null || message.isBlank()) {
            return "unreadable text";
        }
        // The first line is the problem; the rest is a snippet and a caret, already in the location.
        String first = message.strip().lines().findFirst().orElse("").strip();
        first = first.replaceAll("\\s*\\(code \\d+\\)", "")
                .replaceAll("\\s*\\(for [^)]*\\)", "")
                .replaceAll("\\s+at \\[Source:.*$", "");
        if (first.endsWith(":")) {
            first = first.substring(0, first.length() - 1);
        }
        return shorten(first);
    }

    private static String shorten(String raw) {
        // the problem may quote the offending character itself, a newline or a tab included
        String text = raw.replaceAll("\\p{Cntrl}", " ").replaceAll(" {2,}", " ");
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }
}
