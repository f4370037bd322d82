package dev.fleetdeck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallPartsTest {

    @TempDir
    Path dir;

    @Test
    void configIsLookedForUnderXdgConfigHomeWhenSet() {
        assertThat(new ConfigLocator(Map.of("XDG_CONFIG_HOME", "/xdg"), Path.of("/home/op")).defaultPath())
                .isEqualTo(Path.of("/xdg/fleetdeck/fleet.yaml"));
        assertThat(new ConfigLocator(Map.of(), Path.of("/home/op")).defaultPath())
                .isEqualTo(Path.of("/home/op/.config/fleetdeck/fleet.yaml"));
        assertThat(new ConfigLocator(Map.of("XDG_CONFIG_HOME", "relative"), Path.of("/home/op")).defaultPath())
                .isEqualTo(Path.of("/home/op/.config/fleetdeck/fleet.yaml"));
    }

    @Test
    void locatorTellsGivenFromFoundFromAbsent() throws Exception {
        ConfigLocator locator = new ConfigLocator(Map.of("XDG_CONFIG_HOME", dir.toString()), Path.of("/home/op"));
        var absent = locator.locate(null);
        assertThat(absent.given()).isFalse();
        assertThat(absent.exists()).isFalse();
        assertThat(absent.shouldLoad()).isFalse();

        Files.createDirectories(dir.resolve("fleetdeck"));
        Files.writeString(dir.resolve("fleetdeck/fleet.yaml"), "agents: []");
        assertThat(locator.locate(null).shouldLoad()).isTrue();

        var givenMissing = locator.locate(dir.resolve("other.yaml"));
        assertThat(givenMissing.given()).isTrue();
        assertThat(givenMissing.exists()).isFalse();
        assertThat(givenMissing.shouldLoad())
                .as("a missing given file is still loaded, so it is reported")
                .isTrue();
    }

    @Test
    void redactionHidesEveryFormOfRedisPassword() {
        assertThat(RedisUris.redact("redis://:secret@host:6379")).isEqualTo("redis://:***@host:6379");
        assertThat(RedisUris.redact("redis://user:secret@host:6379/2")).isEqualTo("redis://user:***@host:6379/2");
        assertThat(RedisUris.redact("rediss://secret@host")).isEqualTo("rediss://***@host");
        assertThat(RedisUris.redact("redis-sentinel://h1,h2?password=secret&x=1"))
                .isEqualTo("redis-sentinel://h1,h2?password=***&x=1");
        assertThat(RedisUris.redact("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void durationsReadTheUnitsOfTheFile() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationText.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationText.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThatThrownBy(() -> DurationText.parse("2 secs")).hasMessageContaining("write e.g. 500ms, 2s or 1m");
        assertThatThrownBy(() -> DurationText.parse("99999999999h")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void suggestionsForgiveTyposButNotUnrelatedWords() {
        List<String> keys = AgentReader.KEYS;
        assertThat(KeySuggestion.closest("ramoverride", keys)).contains("ramOverride");
        assertThat(KeySuggestion.closest("hots", keys)).contains("host");
        assertThat(KeySuggestion.closest("password", keys)).isEmpty();
    }
}
