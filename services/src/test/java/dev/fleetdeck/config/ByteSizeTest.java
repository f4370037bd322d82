package dev.fleetdeck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({
        "4g, 4294967296",
        "64G, 68719476736",
        "512m, 536870912",
        "256mb, 268435456",
        "1.5g, 1610612736",
        "1024k, 1048576",
        "4294967296, 4294967296",
        "4.0 GiB, 4294967296",
        "2t, 2199023255552",
        "0, 0",
        "100b, 100",
    })
    void readsBinaryUnits(String text, long bytes) {
        assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({
        "4294967296, 4.0 GiB",
        "1610612736, 1.5 GiB",
        "1023, 1023 B",
        "1024, 1.0 KiB",
        "536870912, 512.0 MiB",
    })
    void formatsInTheLargestWholeUnit(long bytes, String text) {
        assertThat(new ByteSize(bytes).toHuman()).isEqualTo(text);
    }

    @Test
    void exactTextUsesAUnitOnlyWhenNothingIsLost() {
        assertThat(new ByteSize(4L << 30).toExactText()).isEqualTo("4g");
        assertThat(new ByteSize((4L << 30) + 1).toExactText()).isEqualTo("4294967297");
        assertThat(new ByteSize(0).toExactText()).isEqualTo("0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-4g", "-1"})
    void rejectsNegatives(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be negative");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "4x", "g", "4 gigs", "1.2.3g", ""})
    void rejectsGarbageSayingWhatToWrite(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write e.g. 4g");
    }

    @Test
    void rejectsSizesBeyondALong() {
        assertThatThrownBy(() -> ByteSize.parse("9000000p")).hasMessageContaining("too large");
    }
}
