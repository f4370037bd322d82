package dev.fleetdeck.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One mapping of a config file with typed, located access to its keys. Every accessor either
 * returns a usable value or throws a {@link ConfigException} that points at the offending text and
 * shows an example of what to write.
 */
final class ConfigObject {

    private final LocatedDocument document;
    private final String pointer;
    private final JsonNode node;

    private ConfigObject(LocatedDocument document, String pointer, JsonNode node) {
        this.document = document;
        this.pointer = pointer;
        this.node = node;
    }

    /**
     * @param what    how a message names this mapping, e.g. {@code "each agent"}
     * @param example what a correct one looks like
     */
    static ConfigObject at(LocatedDocument document, String pointer, JsonNode node, String what, String example)
            throws ConfigException {
        if (node == null || !node.isObject()) {
            throw new ConfigException(document.whereValue(pointer) + ": " + what
                    + " must be a mapping of keys to values, got " + shown(node) + " — write e.g. " + example);
        }
        return new ConfigObject(document, pointer, node);
    }

    String pointer() {
        return pointer;
    }

    int line() {
        return document.line(pointer);
    }

    /** Rejects keys outside {@code known}, suggesting the closest known one. */
    ConfigObject onlyKeys(List<String> known) throws ConfigException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                String suggestion = KeySuggestion.closest(name, known)
                        .map(k -> "did you mean '" + k + "'?")
                        .orElse("known keys here are " + String.join(", ", known));
                throw new ConfigException(document.whereKey(LocatedDocument.child(pointer, name)) + ": unknown key '"
                        + name + "' — " + suggestion);
            }
        }
        return this;
    }

    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    JsonNode raw(String key) {
        return node.get(key);
    }

    String pointer(String key) {
        return LocatedDocument.child(pointer, key);
    }

    /** An error about the value of {@code key}, located at that value. */
    ConfigException invalid(String key, String problem, String example) {
        return new ConfigException(document.whereValue(pointer(key)) + ": " + problem + " — write e.g. " + example);
    }

    /** An error about this mapping as a whole, located at its start. */
    ConfigException invalidHere(String problem) {
        return new ConfigException(document.whereValue(pointer) + ": " + problem);
    }

    /** The mapping under {@code key}; located errors when it is something else. */
    ConfigObject object(String key, String what, String example) throws ConfigException {
        return at(document, pointer(key), node.get(key), what, example);
    }

    /** The mapping at index {@code i} of the list under {@code key}. */
    ConfigObject item(String key, int i, String what, String example) throws ConfigException {
        String itemPointer = LocatedDocument.child(pointer(key), i);
        return at(document, itemPointer, node.get(key).get(i), what, example);
    }

    /** The keys of this mapping, in the file's order. */
    Iterator<String> keys() {
        return node.fieldNames();
    }

    String requiredText(String key, String what, String example) throws ConfigException {
        if (!has(key)) {
            throw invalidHere(what + " has no " + key + " — add e.g. " + example);
        }
        return text(key, example).orElseThrow();
    }

    Optional<String> text(String key, String example) throws ConfigException {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode value = node.get(key);
        if (!(value.isTextual() || value.isNumber()) || value.asText().isBlank()) {
            throw invalid(key, key + " must be text, got " + shown(value), example);
        }
        return Optional.of(value.asText().trim());
    }

    /** A non-empty list of non-blank strings (a command and its arguments); each bad item located. */
    Optional<List<String>> strings(String key, String example) throws ConfigException {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode value = node.get(key);
        if (!value.isArray() || value.isEmpty()) {
            throw invalid(
                    key,
                    key + " must be a list of strings (a command and its arguments), got " + shown(value),
                    example);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || (i == 0 && item.asText().isBlank())) {
                throw new ConfigException(document.whereValue(LocatedDocument.child(pointer(key), i)) + ": " + key
                        + " must be a list of strings, item " + (i + 1) + " is " + shown(item) + " — write e.g. "
                        + example);
            }
            out.add(item.asText());
        }
        return Optional.of(List.copyOf(out));
    }

    Optional<Boolean> bool(String key, String example) throws ConfigException {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode value = node.get(key);
        if (!value.isBoolean()) {
            throw invalid(key, key + " must be true or false, got " + shown(value), example);
        }
        return Optional.of(value.booleanValue());
    }

    /**
     * A number that {@code valid} accepts, also taken from quoted text ({@code "16"}) since JSON
     * writers often quote numbers.
     */
    Optional<BigDecimal> number(String key, Predicate<BigDecimal> valid, String mustBe, String example)
            throws ConfigException {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode value = node.get(key);
        BigDecimal number = null;
        if (value.isNumber()) {
            number = value.decimalValue();
        } else if (value.isTextual()) {
            try {
                number = new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                // the message below says it in the terms of this key
            }
        }
        if (number == null || !valid.test(number)) {
            throw invalid(key, key + " must be " + mustBe + ", got " + shown(value), example);
        }
        return Optional.of(number);
    }

    /** A whole number of at least {@code min}. */
    Optional<Integer> integer(String key, int min, String mustBe, String example) throws ConfigException {
        return number(
                        key,
                        n -> n.stripTrailingZeros().scale() <= 0
                                && n.compareTo(BigDecimal.valueOf(min)) >= 0
                                && n.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0,
                        mustBe,
                        example)
                .map(BigDecimal::intValueExact);
    }

    /** Bytes, as a plain number or as text like {@code 64g}. */
    Optional<Long> size(String key, String mustBe, String example) throws ConfigException {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode value = node.get(key);
        try {
            if (value.isIntegralNumber()) {
                return Optional.of(
                        ByteSize.parse(value.bigIntegerValue().toString()).bytes());
            }
            if (value.isTextual()) {
                return Optional.of(ByteSize.parse(value.asText()).bytes());
            }
        } catch (IllegalArgumentException e) {
            // the message below says it in the terms of this key
        }
        throw invalid(key, key + " must be " + mustBe + ", got " + shown(value), example);
    }

    Optional<Duration> duration(String key, String example) throws ConfigException {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode value = node.get(key);
        if (value.isTextual()) {
            try {
                Duration duration = DurationText.parse(value.asText());
                if (!duration.isZero()) {
                    return Optional.of(duration);
                }
            } catch (IllegalArgumentException e) {
                // the message below says it in the terms of this key
            }
        }
        throw invalid(
                key, key + " must be a duration above zero such as 500ms, 2s or 1m, got " + shown(value), example);
    }

    /** How a message quotes a value: text in quotes, numbers as they are, structures by kind. */
    static String shown(JsonNode value) {
        if (value == null || value.isMissingNode()) return "nothing";
        if (value.isNull()) return "an empty value";
        if (value.isTextual()) {
            // one line always: a YAML block scalar may hold newlines
            String text = value.asText().replaceAll("\\p{Cntrl}", " ");
            return "\"" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "\"";
        }
        if (value.isObject()) return "a mapping";
        if (value.isArray()) return "a list";
        return value.asText();
    }
}
