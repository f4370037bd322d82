package dev.fleetdeck.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code diskPerSession} in the catalog and the disk settings: read, defaulted, and bad values located. */
class DiskConfigTest {
    private static final String AGENTS = "agents: [{name: a, host: 'unix:///a.sock'}]\n";
    private final ConfigLoader loader = new ConfigLoader(
            List.of(new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4L << 30, CpuAllocation.SHARES, 30)),
            Path.of("/home/op"));

    private FleetConfig yaml(String text) throws ConfigException {
        return loader.read(Path.of("fleet.yaml"), text);
    }

    private String yamlError(String text) {
        return ConfigTexts.errorOf(loader, text);
    }

    @Test
    void diskPerSessionIsASizeAndOptional() throws Exception {
        FleetConfig config = yaml(AGENTS + """
                workspaces:
                  - {name: kali, image: 'kasmweb/kali:1', cores: 4, memory: 8g, diskPerSession: 12g}
                  - {name: firefox, image: 'kasmweb/firefox:1', cores: 2, memory: 4g}
                  - {name: vscode, image: 'kasmweb/vscode:1', cores: 2, memory: 4g, diskPerSession: 1073741824}
                """);
        assertThat(config.workspace("kali").orElseThrow().diskPerSessionBytes()).isEqualTo(12L << 30);
        assertThat(config.workspace("firefox").orElseThrow().diskPerSessionBytes())
                .isZero();
        assertThat(config.workspace("vscode").orElseThrow().diskPerSessionBytes())
                .isEqualTo(1L << 30);
    }

    @Test
    void aBadDiskPerSessionIsALocatedErrorWithAnExample() {
        String start = AGENTS
                + "workspaces:\n  - {name: kali, image: 'kasmweb/kali:1', cores: 4, memory: 8g, diskPerSession: ";
        assertThat(yamlError(start + "lots}\n"))
                .isEqualTo("fleet.yaml:3:81: diskPerSession must be a size such as 10g"
                        + " (0 = not counted in the disk budget), got \"lots\" — write e.g. diskPerSession: 10g");
        assertThat(yamlError(start + "-5g}\n")).startsWith("fleet.yaml:3:81: diskPerSession must be a size");
        assertThat(yamlError(start + "[1]}\n")).startsWith("fleet.yaml:3:81: diskPerSession must be a size");
    }

    @Test
    void diskSettingsDefaultToFiveMinutesEightyAndNinety() throws Exception {
        DiskSettings d = yaml(AGENTS).settings().disk();
        assertThat(d).isEqualTo(new DiskSettings(Duration.ofMinutes(5), 80, 90));
        assertThat(d.readTimeout()).isEqualTo(Duration.ofMinutes(1));

        DiskSettings set = yaml(AGENTS
                        + "settings:\n  diskInterval: 30s\n  diskWarnPercent: 70\n  diskCriticalPercent: 85.5\n")
                .settings()
                .disk();
        assertThat(set).isEqualTo(new DiskSettings(Duration.ofSeconds(30), 70, 85.5));
        assertThat(set.readTimeout()).isEqualTo(Duration.ofSeconds(30)); // never longer than a round
    }

    @Test
    void badDiskSettingsAreLocatedWithAnExample() {
        String settings = AGENTS + "settings:\n";
        assertThat(yamlError(settings + "  diskInterval: 2s\n"))
                .isEqualTo(
                        "fleet.yaml:3:17: diskInterval must be at"
                                + " least 10s, got 2000ms (each read makes the engine size every layer) — write e.g. diskInterval: 5m");
        assertThat(yamlError(settings + "  diskInterval: often\n"))
                .contains("fleet.yaml:3:17: diskInterval must be a duration")
                .endsWith("diskInterval: 5m");
        assertThat(yamlError(settings + "  diskWarnPercent: 95\n"))
                .isEqualTo("fleet.yaml:3:20: diskWarnPercent (95) must"
                        + " be below diskCriticalPercent (90) so the warning comes first — write e.g. diskWarnPercent: 80 with"
                        + " diskCriticalPercent: 90");
        assertThat(yamlError(settings + "  diskCriticalPercent: 101\n"))
                .startsWith("fleet.yaml:3:24: diskCriticalPercent"
                        + " must be a percentage above 0 and at most 100, got 101");
        assertThat(yamlError(settings + "  diskWarnPercnt: 70\n"))
                .startsWith("fleet.yaml:3:3:")
                .contains("diskWarnPercent");
    }
}
