package dev.fleetdeck.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphicalSessionTest {
    private static final Path GTK = Path.of("/usr/lib/x86_64-linux-gnu/libgtk-3.so.0");

    @Test
    void withADisplayButNoGtkTheMessageNamesThePackageToInstall() {
        GraphicalSession s = new GraphicalSession(Map.of("DISPLAY", ":0"), p -> false);
        assertThat(s.problem())
                .hasValueSatisfying(m ->
                        assertThat(m).contains("GTK 3").contains("libgtk-3-0").doesNotContain("DISPLAY is not set"));
        assertThat(s.failed("Unable to open DISPLAY")).contains("libgtk-3-0");
    }

    @Test
    void withoutADisplayTheMessageSaysSo() {
        GraphicalSession s = new GraphicalSession(Map.of(), GTK::equals);
        assertThat(s.problem()).hasValueSatisfying(m -> assertThat(m).contains("DISPLAY is not set"));
    }

    @Test
    void withADisplayAndGtkTheWindowMayTry() {
        assertThat(new GraphicalSession(Map.of("DISPLAY", ":0"), GTK::equals).problem())
                .isEmpty();
        Path custom = Path.of("/opt/gtk/lib/libgtk-3.so.0");
        assertThat(new GraphicalSession(Map.of("DISPLAY", ":0", "LD_LIBRARY_PATH", "/opt/gtk/lib"), custom::equals)
                        .problem())
                .isEmpty();
    }

    @Test
    void thisMachineHasGtkInstalledAsTheTestBedNeeds() {
        // The real check on a real machine: Debian's libgtk-3-0 is installed here for the window tests.
        assertThat(new GraphicalSession(Map.of("DISPLAY", ":0"), Files::exists).problem())
                .isEmpty();
    }
}
