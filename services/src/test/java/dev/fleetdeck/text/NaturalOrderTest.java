package dev.fleetdeck.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
    @Test
    void numbersInNamesSortAsNumbers() {
        List<String> names =
                new ArrayList<>(List.of("scale-1-10", "scale-1-2", "scale-1-11", "scale-1-1", "scale-2-1"));
        Collections.shuffle(names);
        names.sort(NaturalOrder.NAMES);
        assertThat(names).containsExactly("scale-1-1", "scale-1-2", "scale-1-10", "scale-1-11", "scale-2-1");
    }

    @Test
    void lettersIgnoreCaseAndTiesFallBackToTextSoTheOrderIsTotal() {
        List<String> names = new ArrayList<>(List.of("b", "Agent2", "agent10", "agent2", "agent02", "a"));
        names.sort(NaturalOrder.NAMES);
        assertThat(names).containsExactly("a", "Agent2", "agent2", "agent02", "agent10", "b");
        assertThat(NaturalOrder.NAMES.compare("east-03", "east-03")).isZero();
    }

    @Test
    void longDigitRunsDoNotOverflow() {
        assertThat(NaturalOrder.NAMES.compare("id-99999999999999999999", "id-100000000000000000000"))
                .isNegative();
    }

    @Test
    void valuesCompareNumbersAsNumbersAndNullsLast() {
        List<Object> values = new ArrayList<>(List.of(10, 2, "x"));
        values.add(null);
        values.sort(NaturalOrder.values());
        assertThat(values.subList(0, 2)).containsExactly(2, 10);
        assertThat(values.get(3)).isNull();
    }
}
