package dev.fleetdeck.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class ConfigPropertiesTest {

    private final ConfigLoader loader = new ConfigLoader(List.of(), Path.of("/home/op"));

    @Property
    void exactTextReadsBackToTheSameBytes(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long bytes) {
        assertThat(ByteSize.parse(new ByteSize(bytes).toExactText()).bytes()).isEqualTo(bytes);
    }

    @Property
    void humanTextReadsBackWithinItsRounding(@ForAll @LongRange(min = 0, max = 1L << 60) long bytes) {
        String human = new ByteSize(bytes).toHuman();
        long back = ByteSize.parse(human).bytes();
        // one decimal of the unit shown: at most half a tenth of that unit away
        BigDecimal tolerance = BigDecimal.valueOf(unitOf(bytes)).multiply(new BigDecimal("0.05"));
        assertThat(BigDecimal.valueOf(Math.abs(back - bytes))).isLessThanOrEqualTo(tolerance.add(BigDecimal.ONE));
    }

    private static long unitOf(long bytes) {
        long unit = 1;
        while (unit < (1L << 50) && bytes >= unit * 1024) {
            unit *= 1024;
        }
        return unit;
    }

    @Property(tries = 500)
    void loaderOnlyEverThrowsConfigException(@ForAll("configLikeText") String text) {
        for (String name : List.of("fleet.yaml", "fleet.json")) {
            try {
                loader.read(Path.of(name), text);
            } catch (ConfigException e) {
                assertThat(e.getMessage()).startsWith(name).doesNotContain("\n");
            }
        }
    }

    /** Random text mixed with the file's own vocabulary, so the parser gets past the first character. */
    @Provide
    Arbitrary<String> configLikeText() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of(
                        "agents:",
                        "\n  - name: a",
                        "\n    host: ",
                        "unix:///s",
                        "tcp://10.0.0.1:2375",
                        "\n    cpuOverride: ",
                        "\n    ramOverride: ",
                        "64g",
                        "-1",
                        "\n    tls: ",
                        "\nredis: ",
                        "redis://:pw@h:1",
                        "\nworkspaces:",
                        "\n  - {name: f, image: i, cores: 2, memory: 4g}",
                        "\nsettings:",
                        "\n  ramWarnPercent: 99",
                        "\n  agentTimeout: 2s",
                        "{",
                        "}",
                        "[",
                        "]",
                        "\"",
                        "'",
                        ":",
                        ",",
                        "\t",
                        "&a",
                        "*a",
                        "!!binary",
                        "---",
                        ".inf",
                        "1e999",
                        "~",
                        "#",
                        "\n"),
                Arbitraries.strings().ofMaxLength(8));
        return pieces.list().ofMaxSize(30).map(list -> String.join("", list));
    }
}
