package dev.fleetdeck.ui.palette;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaletteItemsTest {
    private static PaletteItem item(String label) {
        return new PaletteItem("agent", label, () -> {});
    }

    @Test
    void everyWordMustAppearIgnoringCaseInTheItemsOrder() {
        List<PaletteItem> items = List.of(
                item("Go to Fleet"),
                item("Agent sim-east-01 · east · Enabled"),
                item("Session fd-1 · alice · firefox on sim-east-01"),
                item("Session fd-2 · bob · kali on sim-west-01"));
        assertThat(PaletteItems.matching(items, "EAST-01", 10))
                .extracting(PaletteItem::label)
                .containsExactly("Agent sim-east-01 · east · Enabled", "Session fd-1 · alice · firefox on sim-east-01");
        assertThat(PaletteItems.matching(items, "bob kali", 10))
                .extracting(PaletteItem::label)
                .containsExactly("Session fd-2 · bob · kali on sim-west-01");
        assertThat(PaletteItems.matching(items, "  ", 10)).hasSize(4);
    }

    @Test
    void aLargeFleetGivesAShortList() {
        List<PaletteItem> items = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            items.add(item("Session fd-" + i));
        }
        assertThat(PaletteItems.matching(items, "fd", 50)).hasSize(50);
    }
}
