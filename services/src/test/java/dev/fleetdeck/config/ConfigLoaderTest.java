package dev.fleetdeck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final List<WorkspaceType> CATALOG =
            List.of(new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4L << 30, CpuAllocation.SHARES, 30));

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(CATALOG, Path.of("/home/op"));

    private FleetConfig yaml(String text) throws ConfigException {
        return loader.read(Path.of("fleet.yaml"), text);
    }

    private String yamlError(String text) {
        try {
            yaml(text);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException for:\n" + text);
    }

    @Test
    void readsEveryKeyOfTheDocumentedFormat() throws Exception {
        Files.createDirectories(dir.resolve("tls"));
        for (String f : List.of("ca.pem", "cert.pem", "key.pem")) {
            Files.writeString(dir.resolve("tls").resolve(f), "x");
        }
        FleetConfig config = loader.read(dir.resolve("fleet.yaml"), """
                agents:
                  - name: agent1
                    host: unix:///var/run/docker.sock
                  - name: agent2
                    host: tcp://10.0.0.5:2376
                    tls: tls
                    zone: east
                    enabled: false
                    cpuOverride: 32
                    ramOverride: 80g
                  - name: lab
                    host: tcp://192.168.1.9:2375
                    insecure: true
                    ramOverride: 1073741824
                redis: redis://127.0.0.1:6379
                workspaces:
                  - name: kali
                    image: kasmweb/kali-rolling-desktop:1.17.0
                    cores: 0.5
                    memory: 1.5g
                    cpuAllocation: quotas
                    targetSeconds: 50
                settings:
                  refreshInterval: 500ms
                  agentTimeout: 1m
                  ramWarnPercent: 80
                  ramCriticalPercent: 90.5
                  maxSessionsPerUser: 3
                  prePull: { every: 30m }
                  registry: registry.example.com:5000/mirror
                """);

        assertThat(config.source()).contains(dir.resolve("fleet.yaml"));
        AgentConfig first = config.agents().get(0);
        assertThat(first.host().toString()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(first.zone()).isEqualTo("default");
        assertThat(first.enabled()).isTrue();
        assertThat(first.tlsDir()).isNull();
        assertThat(first.cpuOverride()).isZero();
        AgentConfig second = config.agents().get(1);
        assertThat(second.tlsDir()).isEqualTo(dir.resolve("tls"));
        assertThat(second.zone()).isEqualTo("east");
        assertThat(second.enabled()).isFalse();
        assertThat(second.cpuOverride()).isEqualTo(32.0);
        assertThat(second.ramOverride()).isEqualTo(80L << 30);
        assertThat(config.agents().get(2).insecure()).isTrue();
        assertThat(config.agents().get(2).ramOverride()).isEqualTo(1L << 30);
        assertThat(config.redis().map(RedisConfig::uri)).contains("redis://127.0.0.1:6379");
        assertThat(config.workspaces())
                .containsExactly(new WorkspaceType(
                        "kali", "kasmweb/kali-rolling-desktop:1.17.0", 0.5, 3L << 29, CpuAllocation.QUOTAS, 50));
        assertThat(config.settings())
                .isEqualTo(new FleetConfig.Settings(
                        Duration.ofMillis(500),
                        Duration.ofMinutes(1),
                        80.0,
                        90.5,
                        3,
                        Optional.of(Duration.ofMinutes(30)),
                        Optional.of("registry.example.com:5000/mirror")));
    }

    @Test
    void leavesOutOptionalSectionsAsDefaults() throws Exception {
        FleetConfig config = yaml("agents:\n  - name: a\n    host: unix:///var/run/docker.sock\n");
        assertThat(config.redis()).isEmpty();
        assertThat(config.workspaces()).isEqualTo(CATALOG);
        assertThat(config.settings()).isEqualTo(FleetConfig.Settings.defaults());
    }

    @Test
    void readsJsonByExtension() throws Exception {
        FleetConfig config = loader.read(Path.of("fleet.json"), """
                {"agents": [{"name": "a", "host": "tcp://127.0.0.1:2375", "cpuOverride": "8"}],
                 "settings": {"maxSessionsPerUser": 1}}
                """);
        assertThat(config.agents().get(0).cpuOverride()).isEqualTo(8.0);
        assertThat(config.settings().maxSessionsPerUser()).isEqualTo(1);
    }

    @Test
    void loadsAFileFromDisk() throws Exception {
        Path file = dir.resolve("fleet.yml");
        Files.writeString(file, "agents:\n  - {name: a, host: 'unix:///run/docker.sock'}\n");
        assertThat(loader.load(file).agents()).extracting(AgentConfig::name).containsExactly("a");
    }

    @Test
    void wrongTypeOfOverrideNamesLineColumnAndExample() {
        String message = yamlError("""
                agents:
                  - name: agent1
                    host: unix:///var/run/docker.sock
                    cpuOverride: lots
                """);
        assertThat(message)
                .isEqualTo("fleet.yaml:4:18: cpuOverride must be a number of cores >= 0, got \"lots\""
                        + " — write e.g. cpuOverride: 16 (0 = no override)");
    }

    @Test
    void negativeOverridesAreRejectedWhereTheyStand() {
        assertThat(yamlError("agents:\n  - name: a\n    host: unix:///x.sock\n    cpuOverride: -2\n"))
                .startsWith("fleet.yaml:4:18: cpuOverride must be a number of cores >= 0, got -2");
        assertThat(yamlError("agents:\n  - name: a\n    host: unix:///x.sock\n    ramOverride: -64g\n"))
                .startsWith("fleet.yaml:4:18: ramOverride must be a size >= 0")
                .contains("write e.g. ramOverride: 64g");
    }

    @Test
    void unknownKeySuggestsTheClosestKnownOne() {
        assertThat(yamlError("agents:\n  - name: a\n    host: unix:///x.sock\n    ramOveride: 64g\n"))
                .isEqualTo("fleet.yaml:4:5: unknown key 'ramOveride' — did you mean 'ramOverride'?");
        assertThat(yamlError("agent:\n  - name: a\n"))
                .isEqualTo("fleet.yaml:1:1: unknown key 'agent' — did you mean 'agents'?");
        assertThat(yamlError("agents: []\nsettings:\n  refreshinterval: 2s\n"))
                .startsWith("fleet.yaml:1:9: agents must be a list with at least one entry");
        assertThat(yamlError("agents:\n  - {name: a, host: 'unix:///x.sock'}\nsettings:\n  refreshinterval: 2s\n"))
                .isEqualTo("fleet.yaml:4:3: unknown key 'refreshinterval' — did you mean 'refreshInterval'?");
    }

    @Test
    void unknownKeyFarFromAnyListsTheKnownKeys() {
        assertThat(yamlError("agents:\n  - {name: a, host: 'unix:///x.sock'}\ncolour: blue\n"))
                .isEqualTo(
                        "fleet.yaml:3:1: unknown key 'colour' — known keys here are agents, redis, metrics, workspaces, settings, alerts");
    }

    @Test
    void missingNameOrHostPointsAtTheAgent() {
        assertThat(yamlError("agents:\n  - host: unix:///x.sock\n"))
                .isEqualTo("fleet.yaml:2:5: an agent has no name — add e.g. name: agent1");
        assertThat(yamlError("agents:\n  - name: a\n  - name: b\n    zone: x\n"))
                .startsWith("fleet.yaml:2:5: agent 'a' has no host — add e.g. host: unix:///var/run/docker.sock");
    }

    @Test
    void onlyUnixAndTcpSchemesAreAccepted() {
        assertThat(yamlError("agents:\n  - name: a\n    host: https://10.0.0.5:2376\n"))
                .startsWith("fleet.yaml:3:11: host \"https://10.0.0.5:2376\" must start with unix:// or tcp://")
                .contains("Docker's TLS is tcp:// with tls:");
        assertThat(yamlError("agents:\n  - name: a\n    host: docker.example.com\n"))
                .startsWith("fleet.yaml:3:11: host \"docker.example.com\" must start with unix:// or tcp://");
        assertThat(yamlError("agents:\n  - name: a\n    host: tcp://10.0.0.5\n"))
                .contains("needs a host and a port")
                .contains("tcp://10.0.0.5:2376");
    }

    @Test
    void plainTcpToAnotherMachineNeedsTlsOrInsecure() throws Exception {
        assertThat(yamlError("agents:\n  - name: a\n    host: tcp://10.0.0.5:2375\n"))
                .startsWith("fleet.yaml:3:11: agent 'a' would talk plain, unauthenticated tcp:// to 10.0.0.5")
                .contains("tls: ")
                .contains("insecure: true");
        assertThat(yaml("agents:\n  - name: a\n    host: tcp://127.0.0.1:2375\n")
                        .agents())
                .hasSize(1);
        assertThat(yaml("agents:\n  - name: a\n    host: tcp://localhost:2375\n")
                        .agents())
                .hasSize(1);
    }

    @Test
    void tlsFolderMustExistAndHoldTheCertificates() throws Exception {
        String missing = yamlError("agents:\n  - name: a\n    host: tcp://10.0.0.5:2376\n    tls: /nonexistent/tls\n");
        assertThat(missing)
                .startsWith("fleet.yaml:4:10: tls folder /nonexistent/tls does not exist")
                .contains("ca.pem cert.pem key.pem");
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/ca.pem"), "x");
        assertThatThrownBy(() -> loader.read(
                        dir.resolve("fleet.yaml"),
                        "agents:\n  - name: a\n    host: tcp://10.0.0.5:2376\n    tls: certs\n"))
                .hasMessageContaining(
                        "fleet.yaml:4:10: tls folder " + dir.resolve("certs") + " lacks cert.pem, key.pem");
    }

    @Test
    void duplicateAgentNamesNameTheFirstLine() {
        assertThat(yamlError("""
                agents:
                  - name: agent1
                    host: unix:///a.sock
                  - name: Agent1
                    host: unix:///b.sock
                """))
                .isEqualTo("fleet.yaml:4:11: agent name 'Agent1' is already used by the agent on line 2"
                        + " — write e.g. a name of its own, such as name: Agent1-2");
    }

    @Test
    void duplicateWorkspaceNamesAreRejected() {
        assertThat(yamlError("""
                agents: [{name: a, host: 'unix:///a.sock'}]
                workspaces:
                  - {name: firefox, image: 'kasmweb/firefox:1', cores: 2, memory: 4g}
                  - {name: firefox, image: 'kasmweb/firefox:2', cores: 2, memory: 4g}
                """))
                .startsWith("fleet.yaml:4:12: workspace name 'firefox' is already used by the workspace on line 3");
    }

    @Test
    void unknownCpuAllocationSuggestsTheNearestMethod() {
        assertThat(yamlError("""
                agents: [{name: a, host: 'unix:///a.sock'}]
                workspaces:
                  - name: firefox
                    image: kasmweb/firefox:1.17.0
                    cores: 2
                    memory: 4g
                    cpuAllocation: quota
                """))
                .isEqualTo("fleet.yaml:7:20: cpuAllocation must be shares or quotas, got \"quota\""
                        + " — write e.g. cpuAllocation: quotas");
    }

    @Test
    void badSizesAndDurationsSayHowToWriteThem() {
        assertThat(yamlError("""
                agents: [{name: a, host: 'unix:///a.sock'}]
                workspaces:
                  - {name: firefox, image: 'kasmweb/firefox:1', cores: 2, memory: 4 gigs}
                """))
                .startsWith("fleet.yaml:3:67: memory must be a size above 0 such as 4g or 512m, got \"4 gigs\"");
        assertThat(yamlError("agents: [{name: a, host: 'unix:///a.sock'}]\nsettings:\n  agentTimeout: 3 seconds\n"))
                .isEqualTo("fleet.yaml:3:17: agentTimeout must be a duration above zero such as 500ms, 2s or 1m,"
                        + " got \"3 seconds\" — write e.g. agentTimeout: 3s");
        assertThat(yamlError("agents: [{name: a, host: 'unix:///a.sock'}]\nsettings:\n  refreshInterval: 2\n"))
                .startsWith("fleet.yaml:3:20: refreshInterval must be a duration");
    }

    @Test
    void aWorkspaceMayKeepAStagingPoolAndABadPoolSizeSaysHowToWriteIt() {
        assertThat(yamlError("""
                agents: [{name: a, host: 'unix:///a.sock'}]
                workspaces:
                  - {name: kali, image: 'kasmweb/kali:1', cores: 4, memory: 8g, poolSize: -2}
                """))
                .startsWith("fleet.yaml:3:75: poolSize must be a whole number of staged sessions, 0 or more")
                .contains("write e.g. poolSize: 2");
        assertThat(yamlError("""
                agents: [{name: a, host: 'unix:///a.sock'}]
                workspaces:
                  - {name: kali, image: 'kasmweb/kali:1', cores: 4, memory: 8g, poolSize: 2, poolMaxAge: soon}
                """)).contains("poolMaxAge must be a duration").contains("poolMaxAge: 1h");
    }

    @Test
    void aNoticeCommandIsAListOfStringsThatPassesTheMessage() throws Exception {
        FleetConfig config = yaml("""
                agents: [{name: a, host: 'unix:///a.sock'}]
                workspaces:
                  - {name: kali, image: 'kasmweb/kali:1', cores: 4, memory: 8g, notice: [notify-send, Fleetdeck, "{message}"]}
                """);
        WorkspaceType kali = config.workspaces().stream()
                .filter(w -> w.name().equals("kali"))
                .findFirst()
                .orElseThrow();
        assertThat(kali.noticeCommand("back at 10")).containsExactly("notify-send", "Fleetdeck", "back at 10");

        String ws =
                "agents: [{name: a, host: 'unix:///a.sock'}]\nworkspaces:\n  - {name: kali, image: 'k:1', cores: 4, memory: 8g, ";
        assertThat(yamlError(ws + "notice: notify-send}\n"))
                .startsWith("fleet.yaml:3:")
                .contains("notice must be a list of strings (a command and its arguments), got \"notify-send\"")
                .contains("write e.g. notice: [notify-send, Fleetdeck, \"{message}\"]");
        assertThat(yamlError(ws + "notice: [sh, 3, \"{message}\"]}\n"))
                .startsWith("fleet.yaml:3:")
                .contains("notice must be a list of strings, item 2 is 3");
        assertThat(yamlError(ws + "notice: [wall, hello]}\n"))
                .contains("notice must pass the message: put {message} in one of its arguments");
    }

    @Test
    void aRecordingWorkspaceCountsOneMoreCoreForSizingAndABadValueIsLocated() throws Exception {
        FleetConfig config = yaml("""
                agents: [{name: a, host: 'unix:///a.sock'}]
                workspaces:
                  - {name: kali, image: 'kasmweb/kali:1', cores: 4, memory: 8g, recording: true}
                  - {name: firefox, image: 'kasmweb/firefox:1', cores: 2, memory: 4g}
                """);
        assertThat(config.workspace("kali").orElseThrow().sizingCores()).isEqualTo(5);
        assertThat(config.workspace("firefox").orElseThrow().recording()).isFalse();
        assertThat(yamlError("""
                agents: [{name: a, host: 'unix:///a.sock'}]
                workspaces:
                  - {name: kali, image: 'kasmweb/kali:1', cores: 4, memory: 8g, recording: yes please}
                """))
                .startsWith("fleet.yaml:3:76: recording must be true or false")
                .contains("recording: true");
    }

    @Test
    void aPoolLargerThanItsZoneCanHoldIsALocatedErrorSayingHowManyFit() throws Exception {
        // Two agents of 2 cores each hold 8 + 8 quarter-core sessions; the RAM override of b holds only 3.
        String agents = """
                agents:
                  - {name: a, host: 'unix:///a.sock', cpuOverride: 2}
                  - {name: b, host: 'unix:///b.sock', cpuOverride: 2, ramOverride: 400m}
                  - {name: c, host: 'unix:///c.sock', zone: west}
                workspaces:
                """;
        assertThat(yamlError(agents + "  - {name: firefox, image: 'f:1', cores: 0.25, memory: 128m, poolSize: 12}\n"))
                .startsWith("fleet.yaml:6:72: poolSize 12 is more than zone default can hold: 11 firefox sessions fit")
                .contains("write e.g. poolSize: 11 or less");
        // Zone west's agent has no override: its size is known only once it answers, so no error here.
        FleetConfig ok = yaml(agents + "  - {name: firefox, image: 'f:1', cores: 0.25, memory: 128m, poolSize: 11}\n");
        assertThat(ok.workspaces().get(0).poolSizeIn("west")).isEqualTo(11);
        assertThat(yamlError(agents + "  - {name: firefox, image: 'f:1', cores: 0.25, memory: 128m, "
                        + "poolSize: {default: 20, west: 1}}\n"))
                .startsWith("fleet.yaml:6:")
                .contains("poolSize 20 is more than zone default can hold: 11");
    }

    @Test
    void aPoolSizePerZoneNamesZonesOfTheFleet() throws Exception {
        String agents = """
                agents:
                  - {name: a, host: 'unix:///a.sock', zone: east}
                  - {name: b, host: 'unix:///b.sock', zone: west}
                workspaces:
                """;
        WorkspaceType ws = yaml(agents + "  - {name: kali, image: 'k:1', cores: 1, memory: 1g, poolSize: {east: 3}}\n")
                .workspaces()
                .get(0);
        assertThat(ws.poolSizeIn("east")).isEqualTo(3);
        assertThat(ws.poolSizeIn("west")).as("zones not listed keep none").isZero();
        assertThat(ws.pooled()).isTrue();
        assertThat(yamlError(agents + "  - {name: kali, image: 'k:1', cores: 1, memory: 1g, poolSize: {eats: 3}}\n"))
                .startsWith("fleet.yaml:5:")
                .contains("unknown key 'eats' — did you mean 'east'?");
        assertThat(yamlError(agents + "  - {name: kali, image: 'k:1', cores: 1, memory: 1g, poolSize: {east: -1}}\n"))
                .contains("east must be a whole number of staged sessions, 0 or more");
    }

    @Test
    void keeperLeaseIsADurationOfAtLeastHalfASecond() throws Exception {
        assertThat(yaml("agents: [{name: a, host: 'unix:///a.sock'}]\nsettings:\n  keeperLease: 4s\n")
                        .settings()
                        .keeperLease())
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(yaml("agents: [{name: a, host: 'unix:///a.sock'}]\n")
                        .settings()
                        .keeperLease())
                .isEqualTo(FleetConfig.Settings.DEFAULT_KEEPER_LEASE);
        assertThat(yamlError("agents: [{name: a, host: 'unix:///a.sock'}]\nsettings:\n  keeperLease: 100ms\n"))
                .startsWith("fleet.yaml:3:16: keeperLease must be at least 500ms");
    }

    @Test
    void prePullAndRegistryAreOffUnlessSet() throws Exception {
        FleetConfig.Settings s = yaml("agents: [{name: a, host: 'unix:///a.sock'}]\nsettings:\n  refreshInterval: 2s\n")
                .settings();
        assertThat(s.prePullEvery()).isEmpty();
        assertThat(s.registry()).isEmpty();
        assertThat(yaml("agents: [{name: a, host: 'unix:///a.sock'}]\nsettings:\n  registry: '[::1]:5000'\n")
                        .settings()
                        .registry())
                .contains("[::1]:5000");
    }

    @Test
    void badPrePullSettingsAreLocatedWithAnExample() {
        String agents = "agents: [{name: a, host: 'unix:///a.sock'}]\nsettings:\n";
        assertThat(yamlError(agents + "  prePull: 30m\n"))
                .isEqualTo("fleet.yaml:3:12: prePull must be a mapping of keys to values, got \"30m\" — write e.g."
                        + " prePull: { every: 30m }");
        assertThat(yamlError(agents + "  prePull: { every: often }\n"))
                .isEqualTo("fleet.yaml:3:21: every must be a duration above zero such as 500ms, 2s or 1m, got \"often\""
                        + " — write e.g. prePull: { every: 30m }");
        assertThat(yamlError(agents + "  prePull: { evry: 30m }\n"))
                .isEqualTo("fleet.yaml:3:14: unknown key 'evry' — did you mean 'every'?");
        assertThat(yamlError(agents + "  prePull: {}\n")).startsWith("fleet.yaml:3:12: prePull has no every");
    }

    @Test
    void badRegistrySettingsAreLocatedWithAnExample() {
        String agents = "agents: [{name: a, host: 'unix:///a.sock'}]\nsettings:\n";
        assertThat(yamlError(agents + "  registry: http://127.0.0.1:5000/\n"))
                .isEqualTo("fleet.yaml:3:13: registry is a host as docker pull names it, without a scheme, got"
                        + " \"http://127.0.0.1:5000/\" — write e.g. registry: 127.0.0.1:5000");
        assertThat(yamlError(agents + "  registry: 'my registry'\n"))
                .isEqualTo("fleet.yaml:3:13: registry must be host[:port][/path], got \"my registry\" — write e.g."
                        + " registry: registry.example.com:5000");
        assertThat(yamlError(agents + "  registry: 'reg.example:70000'\n"))
                .startsWith("fleet.yaml:3:13: registry port must be 1 to 65535, got 70000");
    }

    @Test
    void warnPercentMustBeBelowCritical() {
        assertThat(yamlError("agents: [{name: a, host: 'unix:///a.sock'}]\nsettings:\n  ramWarnPercent: 95\n"))
                .isEqualTo("fleet.yaml:3:19: ramWarnPercent (95) must be below ramCriticalPercent (95) so the warning"
                        + " comes first — write e.g. ramWarnPercent: 85 with ramCriticalPercent: 95");
        assertThat(yamlError("agents: [{name: a, host: 'unix:///a.sock'}]\nsettings:\n  ramCriticalPercent: 120\n"))
                .startsWith(
                        "fleet.yaml:3:23: ramCriticalPercent must be a percentage above 0 and at most 100, got 120");
    }

    @Test
    void yamlSyntaxErrorsCarryTheParsersLocationAndAHint() {
        String message = yamlError("agents:\n  - name: a\n    host: unix:///a.sock\n   zone: x\n");
        assertThat(message).matches("fleet\\.yaml:4:\\d+: not valid YAML \\(.+\\) — check the indentation.*");
        assertThat(message)
                .doesNotContain("com.fasterxml")
                .doesNotContain("while parsing")
                .doesNotContain("\n");
    }

    @Test
    void jsonSyntaxErrorsCarryTheParsersLocationAndAHint() {
        assertThatThrownBy(() ->
                        loader.read(Path.of("fleet.json"), "{\"agents\": [\n  {\"name\": \"a\" \"host\": \"x\"}\n]}"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .matches("fleet\\.json:2:\\d+: not valid JSON \\(.+\\) — check for a missing comma.*")
                        .doesNotContain("\n")
                        .doesNotContain("Source:"));
    }

    @Test
    void keyGivenTwiceInOneMappingIsAnError() {
        assertThat(yamlError("agents:\n  - name: a\n    host: unix:///a.sock\n    name: b\n"))
                .isEqualTo("fleet.yaml:4:5: 'name' is given twice here (first on line 2) — keep one");
    }

    @Test
    void emptyFileAndUnsupportedExtensionAreExplained() {
        assertThat(yamlError("# only a comment\n"))
                .startsWith("fleet.yaml: the file is empty — list at least the agents");
        assertThatThrownBy(() -> loader.read(Path.of("fleet.toml"), "agents = []"))
                .hasMessage("fleet.toml: unsupported file type — name the file .yaml, .yml or .json");
    }

    @Test
    void missingFileIsReportedWithoutAStackOfCauses() {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir.resolve("nope.yaml") + ": no such file");
    }

    @Test
    void topLevelMustBeAMapping() {
        assertThat(yamlError("- agent1\n- agent2\n"))
                .startsWith("fleet.yaml:1:1: the file must be a mapping of keys to values, got a list");
    }

    @Test
    void redisPasswordNeverReachesMessagesOrToString() throws Exception {
        assertThat(yamlError("agents: [{name: a, host: 'unix:///a.sock'}]\nredis: http://:hunter2@cache:6379\n"))
                .startsWith("fleet.yaml:2:8: redis \"http://:***@cache:6379\" must start with one of redis://")
                .doesNotContain("hunter2");
        assertThat(yamlError("agents: [{name: a, host: 'unix:///a.sock'}]\nredis: redis://:hun ter2@cache:6379\n"))
                .contains("is not a valid URI")
                .doesNotContain("hun ter2");
        FleetConfig config =
                yaml("agents: [{name: a, host: 'unix:///a.sock'}]\nredis: redis://ops:hunter2@cache:6379/0\n");
        assertThat(config.redis().map(RedisConfig::uri)).contains("redis://ops:hunter2@cache:6379/0");
        assertThat(config.redisRedacted()).contains("redis://ops:***@cache:6379/0");
        assertThat(config.toString()).doesNotContain("hunter2").contains("redis://ops:***@cache:6379/0");
    }

    @Test
    void theShippedSampleConfigLoads() throws Exception {
        String sample;
        try (InputStream in = getClass().getResourceAsStream("/dev/fleetdeck/sample-fleet.yaml")) {
            assertThat(in).as("sample-fleet.yaml on the class path").isNotNull();
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        FleetConfig config = yaml(sample);
        assertThat(config.agents()).extracting(AgentConfig::name).containsExactly("agent1");
        assertThat(config.settings()).isEqualTo(FleetConfig.Settings.defaults());
    }

    @Test
    void theBuiltInCatalogHasTheGuidesTargets() {
        assertThat(WorkspaceCatalog.builtIn())
                .extracting(WorkspaceType::name, WorkspaceType::targetSeconds)
                .containsExactly(
                        Tuple.tuple("firefox", 30),
                        Tuple.tuple("vscode", 35),
                        Tuple.tuple("burp", 45),
                        Tuple.tuple("kali", 50),
                        Tuple.tuple("empire", 40));
        assertThat(WorkspaceCatalog.builtIn()).allSatisfy(w -> {
            assertThat(w.image()).startsWith("kasmweb/").endsWith(":1.17.0");
            assertThat(w.cpuAllocation()).isEqualTo(CpuAllocation.SHARES);
        });
    }

    @Test
    void theTestBedsGeneratedConfigLoads() throws Exception {
        // the shape installer/testbed/testbed.sh writes
        FleetConfig config = yaml("""
                # Written by testbed.sh: the real test-bed fleet.
                agents:
                  - name: agent1
                    host: unix:///work/.testbed/agent1/docker.sock
                    zone: east
                redis: redis://127.0.0.1:40123
                workspaces:
                  - name: firefox
                    image: fleetdeck/firefox:1.0
                    cores: 0.5
                    memory: 256m
                """);
        assertThat(config.workspaces().get(0).targetSeconds()).isEqualTo(60);
        assertThat(config.workspaces().get(0).memoryBytes()).isEqualTo(256L << 20);
    }
}
