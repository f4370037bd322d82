package dev.fleetdeck.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A config file read into a Jackson tree that remembers where every value and every key stands in
 * the text, so that a message can say {@code fleet.yaml:7:15} about a value that is valid YAML but
 * a wrong setting. Jackson's own tree forgets locations; this builds the tree from the token stream
 * instead, which also lets it reject a key given twice (YAML and JSON parsers keep the last).
 */
final class LocatedDocument {

    /** The two syntaxes, chosen by file extension. */
    enum Syntax {
        YAML,
        JSON;

        /** @return the syntax for {@code fleet.yaml}, {@code fleet.yml} or {@code fleet.json}, else null */
        static Syntax ofFileName(String fileName) {
            String lower = fileName.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return YAML;
            if (lower.endsWith(".json")) return JSON;
            return null;
        }
    }

    private final String source;
    private final Syntax syntax;
    private final JsonNode root;
    private final Map<String, JsonLocation> valueLocations;
    private final Map<String, JsonLocation> keyLocations;

    private LocatedDocument(
            String source,
            Syntax syntax,
            JsonNode root,
            Map<String, JsonLocation> valueLocations,
            Map<String, JsonLocation> keyLocations) {
        this.source = source;
        this.syntax = syntax;
        this.root = root;
        this.valueLocations = valueLocations;
        this.keyLocations = keyLocations;
    }

    /**
     * @param source how messages name the file
     * @return the document, whose root may be any node (the caller decides what it must be), or
     *         {@code null} root for a file without any content
     */
    static LocatedDocument parse(String source, String text, Syntax syntax) throws ConfigException {
        JsonFactory factory = syntax == Syntax.YAML ? new YAMLFactory() : new JsonFactory();
        Map<String, JsonLocation> values = new HashMap<>();
        Map<String, JsonLocation> keys = new HashMap<>();
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new LocatedDocument(source, syntax, null, values, keys);
            }
            Builder builder = new Builder(source, parser, values, keys);
            JsonNode root = builder.read("");
            if (parser.nextToken() != null) {
                throw new ConfigException(source + at(parser.currentTokenLocation())
                        + ": more than one document in the file — keep a single configuration, without a second '---'");
            }
            return new LocatedDocument(source, syntax, root, values, keys);
        } catch (JsonProcessingException e) {
            throw new ConfigException(SyntaxErrors.describe(source, syntax, e));
        } catch (IOException | RuntimeException e) {
            // The parsers' own limits and oddities (deep nesting, bad aliases, ...) end up here.
            throw new ConfigException(
                    source + ": cannot be read as " + syntax + " — check the file is a plain " + syntax + " text");
        }
    }

    String source() {
        return source;
    }

    Syntax syntax() {
        return syntax;
    }

    JsonNode root() {
        return root;
    }

    /** {@code file:line:column} of the value at the pointer, or of the nearest enclosing value. */
    String whereValue(String pointer) {
        return source + at(nearest(valueLocations, pointer));
    }

    /** {@code file:line:column} of the key that holds the value at the pointer. */
    String whereKey(String pointer) {
        JsonLocation key = keyLocations.get(pointer);
        return key != null ? source + at(key) : whereValue(pointer);
    }

    /** Line of the key that holds the value at the pointer, 0 when unknown. */
    int keyLine(String pointer) {
        JsonLocation key = keyLocations.get(pointer);
        return key == null ? 0 : key.getLineNr();
    }

    /** Line of the value at the pointer, 0 when unknown. */
    int line(String pointer) {
        JsonLocation location = nearest(valueLocations, pointer);
        return location == null ? 0 : location.getLineNr();
    }

    static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    private static JsonLocation nearest(Map<String, JsonLocation> locations, String pointer) {
        String p = pointer;
        while (true) {
            JsonLocation location = locations.get(p);
            if (location != null || p.isEmpty()) {
                return location;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() <= 0) {
            return "";
        }
        return ":" + location.getLineNr() + (location.getColumnNr() > 0 ? ":" + location.getColumnNr() : "");
    }

    /** Reads one value at a time from the token stream, recording locations by JSON pointer. */
    private record Builder(
            String source, JsonParser parser, Map<String, JsonLocation> values, Map<String, JsonLocation> keys) {

        JsonNode read(String pointer) throws IOException, ConfigException {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            JsonToken token = parser.currentToken();
            values.put(pointer, parser.currentTokenLocation());
            switch (token) {
                case START_OBJECT: {
                    ObjectNode object = nodes.objectNode();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        String childPointer = child(pointer, name);
                        JsonLocation keyLocation = parser.currentTokenLocation();
                        if (object.has(name)) {
                            throw new ConfigException(source + at(keyLocation) + ": '" + name
                                    + "' is given twice here (first on line "
                                    + keys.get(childPointer).getLineNr()
                                    + ") — keep one");
                        }
                        keys.put(childPointer, keyLocation);
                        parser.nextToken();
                        object.set(name, read(childPointer));
                    }
                    return object;
                }
                case START_ARRAY: {
                    ArrayNode array = nodes.arrayNode();
                    int index = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        array.add(read(child(pointer, index++)));
                    }
                    return array;
                }
                case VALUE_STRING:
                    return nodes.textNode(parser.getText());
                case VALUE_NUMBER_INT:
                    return nodes.numberNode(parser.getBigIntegerValue());
                case VALUE_NUMBER_FLOAT:
                    try {
                        return nodes.numberNode(parser.getDecimalValue());
                    } catch (NumberFormatException e) {
                        // YAML's .inf and .nan are floats without a decimal value
                        throw new ConfigException(source + at(parser.currentTokenLocation()) + ": \"" + parser.getText()
                                + "\" is not a usable number — write a plain number such as 2 or 0.5");
                    }
                case VALUE_TRUE:
                    return nodes.booleanNode(true);
                case VALUE_FALSE:
                    return nodes.booleanNode(false);
                case VALUE_NULL:
                    return nodes.nullNode();
                default:
                    throw new ConfigException(
                            source + at(parser.currentTokenLocation())
                                    + ": this kind of value is not supported here — write plain text, numbers, lists and mappings");
            }
        }
    }
}
