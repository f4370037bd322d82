package dev.fleetdeck.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Adds agents to the text of a configuration file and changes nothing else of it: in YAML the new
 * entries go after the last line of the {@code agents:} list, so every comment and every other
 * key stays as written; a JSON file (which has no comments) is written back with the new entries
 * at the end of its {@code agents} array. Only what {@link AgentConfig} carries for an imported
 * agent is written: name, host, tls, and zone or enabled when they differ from the defaults.
 */
public final class AgentsAppender {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AgentsAppender() {}

    /**
     * @param file its name picks the syntax and names the messages
     * @param text the file's text, or {@code null} for a file that does not exist yet
     * @return the new text
     * @throws ConfigException located, when the file has no {@code agents:} list to add to
     */
    public static String append(Path file, String text, List<AgentConfig> agents) throws ConfigException {
        LocatedDocument.Syntax syntax = LocatedDocument.Syntax.ofFileName(String.valueOf(file.getFileName()));
        if (syntax == null) {
            throw new ConfigException(file + ": unsupported file type — name the file .yaml, .yml or .json");
        }
        if (text == null || text.isBlank()) {
            return syntax == LocatedDocument.Syntax.JSON
                    ? json(file, "{\"agents\": []}", agents)
                    : "agents:\n" + yamlEntries(agents, "  ");
        }
        return syntax == LocatedDocument.Syntax.JSON ? json(file, text, agents) : yaml(file, text, agents);
    }

    /** One entry per agent, each line starting with {@code indent}, in block style. */
    public static String yamlEntries(List<AgentConfig> agents, String indent) {
        StringBuilder out = new StringBuilder();
        for (AgentConfig a : agents) {
            out.append(indent).append("- name: ").append(quoted(a.name())).append('\n');
            out.append(indent)
                    .append("  host: ")
                    .append(quoted(a.host().toString()))
                    .append('\n');
            if (a.tlsDir() != null) {
                out.append(indent)
                        .append("  tls: ")
                        .append(quoted(a.tlsDir().toString()))
                        .append('\n');
            }
            if (!AgentConfig.DEFAULT_ZONE.equals(a.zone())) {
                out.append(indent).append("  zone: ").append(quoted(a.zone())).append('\n');
            }
            if (!a.enabled()) {
                out.append(indent).append("  enabled: false\n");
            }
        }
        return out.toString();
    }

    private static String yaml(Path file, String text, List<AgentConfig> agents) throws ConfigException {
        LocatedDocument doc = LocatedDocument.parse(file.toString(), text, LocatedDocument.Syntax.YAML);
        JsonNode root = doc.root();
        if (root == null || !root.isObject() || !root.has("agents")) {
            // A file without agents: the list goes first, before whatever the file holds.
            return "agents:\n" + yamlEntries(agents, "  ") + text;
        }
        JsonNode list = root.get("agents");
        if (!list.isArray() || list.isEmpty()) {
            throw new ConfigException(doc.whereValue("/agents") + ": agents is not a list of agents here"
                    + " — write it as a list (agents: followed by '- name: …' lines) before importing into it");
        }
        String[] lines = text.split("\n", -1);
        int agentsKey = doc.keyLine("/agents");
        String afterKey = lines[agentsKey - 1]
                .substring(lines[agentsKey - 1].indexOf(':') + 1)
                .strip();
        int firstItem = doc.line("/agents/0") - 1;
        String first = lines[firstItem];
        int dash = first.length() - first.stripLeading().length();
        if (afterKey.startsWith("[") || !first.stripLeading().startsWith("-")) {
            throw new ConfigException(doc.whereValue("/agents") + ": agents is written in flow style ([ … ])"
                    + " — write it as a block list, one '- name: …' per agent, before importing into it");
        }
        // The list ends where the next top-level key begins (or at the end), less trailing blank
        // and comment lines, which belong to what follows.
        int end = lines.length;
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            int line = doc.keyLine(LocatedDocument.child("", keys.next()));
            if (line > agentsKey && line - 1 < end) {
                end = line - 1;
            }
        }
        int last = end - 1;
        while (last > firstItem && (lines[last].isBlank() || lines[last].strip().startsWith("#"))) {
            last--;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            out.append(lines[i]).append('\n');
        }
        out.append(yamlEntries(agents, first.substring(0, dash)));
        for (int i = last + 1; i < lines.length; i++) {
            out.append(lines[i]);
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String json(Path file, String text, List<AgentConfig> agents) throws ConfigException {
        LocatedDocument doc = LocatedDocument.parse(file.toString(), text, LocatedDocument.Syntax.JSON);
        if (doc.root() == null || !doc.root().isObject()) {
            throw new ConfigException(
                    doc.whereValue("") + ": the file is not a JSON object — write {\"agents\": [ … ]}");
        }
        ObjectNode root = (ObjectNode) doc.root();
        if (root.has("agents") && !root.get("agents").isArray()) {
            throw new ConfigException(doc.whereValue("/agents") + ": agents is not a list — write \"agents\": [ … ]");
        }
        ArrayNode list = root.has("agents") ? (ArrayNode) root.get("agents") : root.putArray("agents");
        for (AgentConfig a : agents) {
            ObjectNode entry = list.addObject();
            entry.put("name", a.name());
            entry.put("host", a.host().toString());
            if (a.tlsDir() != null) {
                entry.put("tls", a.tlsDir().toString());
            }
            if (!AgentConfig.DEFAULT_ZONE.equals(a.zone())) {
                entry.put("zone", a.zone());
            }
            if (!a.enabled()) {
                entry.put("enabled", false);
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree read from JSON is written back", e);
        }
    }

    /** Double-quoted, JSON-escaped: valid YAML for any text, paths with ':' or '#' included. */
    private static String quoted(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string is always written", e);
        }
    }
}
