package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reading a session from its container: the same values as the plain parsers, less garbage. */
class SessionTest {
    @Test
    void reservedCoresReadAsDoubleParseDoubleReadsThemAndBadLabelsCountAsNothing() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double cores = switch (i % 4) {
                case 0 -> random.nextInt(1, 6400) / 100.0;
                case 1 -> random.nextInt(1, 512) / 8.0;
                case 2 -> random.nextDouble() * 64;
                default -> random.nextInt(1, 1_000_000) / 1000.0;
            };
            String label = Double.toString(cores);
            assertThat(Session.parseDouble(label)).as(label).isEqualTo(Double.parseDouble(label));
            String fixed = String.format(Locale.ROOT, "%.6f", cores);
            assertThat(Session.parseDouble(fixed)).as(fixed).isEqualTo(Double.parseDouble(fixed));
        }
        Map<String, Double> odd = new HashMap<>();
        odd.put("0.5", 0.5);
        odd.put("2.0", 2.0);
        odd.put("16", 16.0);
        odd.put("007.25", 7.25);
        odd.put(".5", 0.5);
        odd.put("2.", 2.0);
        odd.put("1e3", 1000.0);
        odd.put("123456789012345.6", 123456789012345.6);
        odd.put("0.1234567890123456789", 0.1234567890123456789);
        odd.put("0", 0.0);
        odd.put("-1", 0.0);
        odd.put("NaN", 0.0);
        odd.put("Infinity", 0.0);
        odd.put("1.2.3", 0.0);
        odd.put("abc", 0.0);
        odd.put("", 0.0);
        odd.put(" 1", 1.0); // as Double.parseDouble, which trims
        odd.forEach((label, value) ->
                assertThat(Session.parseDouble(label)).as(label).isEqualTo(value));
        assertThat(Session.parseDouble(null)).isZero();
    }

    @Test
    void healthIsReadFromDockersStatusTextAsConstantTexts() {
        assertThat(Session.healthOf("Up 3 minutes (healthy)"))
                .isSameAs(Session.healthOf("Up 1 hour (healthy)"))
                .isEqualTo("healthy");
        assertThat(Session.healthOf("Up 5 seconds (unhealthy)")).isEqualTo("unhealthy");
        assertThat(Session.healthOf("Up 1 second (health: starting)")).isEqualTo("starting");
        assertThat(Session.healthOf("Up 2 hours")).isNull();
        assertThat(Session.healthOf("Exited (0) 3 seconds ago")).isNull();
        assertThat(Session.healthOf(null)).isNull();
    }

    @Test
    void aSessionIsReadFromItsLabelsAndAForeignContainerIsNone() {
        ContainerSummary c = new ContainerSummary(
                "c1",
                "/fd-s1",
                "kasmweb/firefox:1.17.0",
                "running",
                "Up 3 minutes (healthy)",
                Instant.EPOCH,
                Map.of(
                        SessionLabels.SESSION, "s1",
                        SessionLabels.USER, "ann",
                        SessionLabels.WORKSPACE, "firefox",
                        SessionLabels.CORES, "1.5",
                        SessionLabels.MEMORY, "536870912",
                        SessionLabels.STAGED, "true"));
        assertThat(Session.fromContainer("a1", c, 12.5, 1024))
                .isEqualTo(new Session(
                        "s1",
                        "c1",
                        "a1",
                        "ann",
                        "firefox",
                        Instant.EPOCH,
                        "running",
                        "healthy",
                        12.5,
                        1024,
                        1.5,
                        536_870_912L,
                        true,
                        false));
        ContainerSummary foreign =
                new ContainerSummary("c2", "/web", "nginx", "running", "Up 1 hour", Instant.EPOCH, Map.of());
        assertThat(Session.fromContainer("a1", foreign, 1, 1)).isNull();
    }
}
