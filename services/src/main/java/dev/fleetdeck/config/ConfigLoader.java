package dev.fleetdeck.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads one fleet configuration file, YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}),
 * into a {@link FleetConfig}. Whatever is wrong with the file comes out as a single
 * {@link ConfigException} naming the file, line and column and what to write instead.
 */
public final class ConfigLoader {

    static final List<String> TOP_KEYS = List.of("agents", "redis", "metrics", "workspaces", "settings", "alerts");
    private static final String AGENTS_EXAMPLE = "agents: [ " + AgentReader.EXAMPLE + " ]";
    // Far above any real fleet file; keeps a wrong path (a disk image, a log) from being read whole.
    private static final long MAX_BYTES = 4L * 1024 * 1024;

    private final List<WorkspaceType> defaultWorkspaces;
    private final Path userHome;
    private final Function<String, String> environment;

    /** A loader that reads {@code passwordEnv} from this process's environment. */
    public ConfigLoader(List<WorkspaceType> defaultWorkspaces, Path userHome) {
        this(defaultWorkspaces, userHome, System::getenv);
    }

    /**
     * @param defaultWorkspaces the catalog used when a file has no {@code workspaces:}
     * @param userHome          what {@code ~} means in paths inside the file
     * @param environment       environment variables, for a Redis password given by {@code passwordEnv}
     */
    public ConfigLoader(List<WorkspaceType> defaultWorkspaces, Path userHome, Function<String, String> environment) {
        this.defaultWorkspaces = List.copyOf(defaultWorkspaces);
        this.userHome = userHome;
        this.environment = environment;
    }

    public FleetConfig load(Path file) throws ConfigException {
        String name = file.toString();
        requireSupportedExtension(file);
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(
                        name + ": is a folder, not a config file — give the path of a .yaml or .json file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(name + ": is too large for a config file (over 4 MiB) — check the path");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            // decoding replaces malformed bytes with U+FFFD rather than failing
            if (text.indexOf('\uFFFD') >= 0) {
                throw new CharacterCodingException();
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(
                    name + ": no such file — check the path (fleetdeck config path shows the default)");
        } catch (CharacterCodingException e) {
            throw new ConfigException(name + ": is not UTF-8 text — save it as UTF-8");
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot be read (" + e.getClass().getSimpleName()
                    + ") — check that the file exists and you may read it");
        }
        return read(file, text);
    }

    /**
     * Reads configuration text as if it came from {@code file}: the file's name picks the syntax and
     * names the messages, its folder anchors relative {@code tls:} paths. Does not read {@code file}.
     */
    public FleetConfig read(Path file, String text) throws ConfigException {
        LocatedDocument.Syntax syntax = requireSupportedExtension(file);
        String name = file.toString();
        LocatedDocument document = LocatedDocument.parse(name, text, syntax);
        if (document.root() == null) {
            throw new ConfigException(name + ": the file is empty — list at least the agents, e.g. " + AGENTS_EXAMPLE);
        }
        ConfigObject top = ConfigObject.at(document, "", document.root(), "the file", AGENTS_EXAMPLE)
                .onlyKeys(TOP_KEYS);

        Path baseDir = file.toAbsolutePath().getParent();
        List<AgentConfig> agents = agents(document, top, new AgentReader(baseDir, userHome));
        Optional<RedisConfig> redis = new RedisReader(baseDir, userHome, environment).read(document, top);
        Optional<MetricsConfig> metrics = new MetricsReader(baseDir, userHome, environment).read(document, top);
        List<WorkspaceType> workspaces = top.has("workspaces")
                ? workspaces(document, top.raw("workspaces"), top.pointer("workspaces"), agents)
                : defaultWorkspaces;
        FleetConfig.Settings settings = top.has("settings")
                ? new SettingsReader()
                        .read(ConfigObject.at(
                                document,
                                top.pointer("settings"),
                                top.raw("settings"),
                                "settings",
                                "settings: { refreshInterval: 2s }"))
                : FleetConfig.Settings.defaults();
        AlertsConfig alerts = top.has("alerts")
                ? new AlertsReader(new SecretReader(baseDir, userHome, environment))
                        .read(top.object("alerts", "alerts", AlertsReader.EXAMPLE))
                : AlertsConfig.defaults();
        return new FleetConfig(Optional.of(file), agents, redis, workspaces, settings, metrics, alerts);
    }

    /** Reads a catalog document, {@code workspaces: [...]}, such as the built-in one. */
    static List<WorkspaceType> readCatalog(String source, String text) throws ConfigException {
        LocatedDocument document = LocatedDocument.parse(source, text, LocatedDocument.Syntax.YAML);
        String example = "workspaces: [ " + WorkspaceReader.EXAMPLE + " ]";
        if (document.root() == null) {
            throw new ConfigException(source + ": the catalog is empty — " + example);
        }
        ConfigObject top = ConfigObject.at(document, "", document.root(), "the catalog", example)
                .onlyKeys(List.of("workspaces"));
        if (!top.has("workspaces")) {
            throw top.invalidHere("the catalog has no workspaces — " + example);
        }
        return new ConfigLoader(List.of(), Path.of(""))
                .workspaces(document, top.raw("workspaces"), top.pointer("workspaces"), List.of());
    }

    private static LocatedDocument.Syntax requireSupportedExtension(Path file) throws ConfigException {
        Path fileName = file.getFileName();
        LocatedDocument.Syntax syntax =
                fileName == null ? null : LocatedDocument.Syntax.ofFileName(fileName.toString());
        if (syntax == null) {
            throw new ConfigException(file + ": unsupported file type — name the file .yaml, .yml or .json");
        }
        return syntax;
    }

    private static List<AgentConfig> agents(LocatedDocument document, ConfigObject top, AgentReader reader)
            throws ConfigException {
        if (!top.has("agents")) {
            throw top.invalidHere("no agents: the console needs at least one — add e.g. " + AGENTS_EXAMPLE);
        }
        JsonNode list = top.raw("agents");
        String pointer = top.pointer("agents");
        requireNonEmptyList(document, pointer, list, "agents", AGENTS_EXAMPLE);
        List<AgentConfig> agents = new ArrayList<>();
        Map<String, Integer> lineByName = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String itemPointer = LocatedDocument.child(pointer, i);
            ConfigObject item = ConfigObject.at(document, itemPointer, list.get(i), "each agent", AgentReader.EXAMPLE);
            AgentConfig agent = reader.read(item);
            Integer firstLine = lineByName.putIfAbsent(agent.name().toLowerCase(Locale.ROOT), item.line());
            if (firstLine != null) {
                throw item.invalid(
                        "name",
                        "agent name '" + agent.name() + "' is already used by the agent on line " + firstLine,
                        "a name of its own, such as name: " + agent.name() + "-2");
            }
            agents.add(agent);
        }
        return agents;
    }

    private List<WorkspaceType> workspaces(
            LocatedDocument document, JsonNode list, String pointer, List<AgentConfig> agents) throws ConfigException {
        String example =
                "workspaces: [ " + WorkspaceReader.EXAMPLE + " ] (or leave workspaces out for the built-in catalog)";
        requireNonEmptyList(document, pointer, list, "workspaces", example);
        WorkspaceReader reader = new WorkspaceReader();
        List<WorkspaceType> workspaces = new ArrayList<>();
        Map<String, Integer> lineByName = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigObject item = ConfigObject.at(
                    document,
                    LocatedDocument.child(pointer, i),
                    list.get(i),
                    "each workspace",
                    WorkspaceReader.EXAMPLE);
            WorkspaceType workspace = reader.read(item, agents);
            Integer firstLine = lineByName.putIfAbsent(workspace.name().toLowerCase(Locale.ROOT), item.line());
            if (firstLine != null) {
                throw item.invalid(
                        "name",
                        "workspace name '" + workspace.name() + "' is already used by the workspace on line "
                                + firstLine,
                        "a name of its own for each workspace");
            }
            workspaces.add(workspace);
        }
        return workspaces;
    }

    private static void requireNonEmptyList(
            LocatedDocument document, String pointer, JsonNode list, String key, String example)
            throws ConfigException {
        if (!list.isArray() || list.isEmpty()) {
            throw new ConfigException(document.whereValue(pointer) + ": " + key
                    + " must be a list with at least one entry, got "
                    + (list.isArray() ? "an empty list" : ConfigObject.shown(list)) + " — write e.g. " + example);
        }
    }
}
