package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input around the fleet's staging pools and the keeper: one line each, the right exit code. */
@RealTestBed
class KeeperCliTest {
    @TempDir
    Path home;

    private Path config(TestBed bed, String workspace) throws Exception {
        StringBuilder yaml = new StringBuilder("agents:\n");
        for (String agent : bed.agents()) {
            yaml.append("  - name: ")
                    .append(agent)
                    .append("\n    host: ")
                    .append(bed.host(agent))
                    .append("\n    cpuOverride: 1\n");
        }
        yaml.append("workspaces:\n  - name: firefox\n    image: ")
                .append(bed.image("firefox"))
                .append("\n    cores: 0.25\n    memory: 128m\n")
                .append(workspace);
        return Files.writeString(home.resolve("fleet.yaml"), yaml);
    }

    @Test
    void aKeeperWithNothingConfiguredSaysSoAndExitsZero(TestBed bed) throws Exception {
        Path config = config(bed, "");

        CliRun run = CliRun.in(home, "--config", config.toString(), "keeper");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("nothing to keep: no staging pool").contains("prePull");
        assertThat(run.out().lines()).hasSize(1);
    }

    @Test
    void aPoolTooLargeOrNegativeIsOneLocatedLineAndExitTwo(TestBed bed) throws Exception {
        int agents = bed.agents().size();
        CliRun tooBig = CliRun.in(
                home,
                "--config",
                config(bed, "    poolSize: " + (4 * agents + 1) + "\n").toString(),
                "config",
                "check");

        assertThat(tooBig.exitCode()).isEqualTo(2);
        assertThat(tooBig.err())
                .contains("fleet.yaml:")
                .contains("poolSize " + (4 * agents + 1) + " is more than zone default can hold: " + (4 * agents)
                        + " firefox sessions fit");
        assertThat(tooBig.err().strip().lines()).hasSizeLessThanOrEqualTo(2);

        CliRun negative =
                CliRun.in(home, "--config", config(bed, "    poolSize: -1\n").toString(), "agents");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("poolSize must be a whole number of staged sessions, 0 or more");
    }

    @Test
    void poolFillWithoutAPoolOrWithSizeButNoTypeIsRefused(TestBed bed) throws Exception {
        Path config = config(bed, "");

        CliRun noType = CliRun.in(home, "--config", config.toString(), "pool", "fill", "--size", "2");
        assertThat(noType.exitCode()).isEqualTo(2);
        assertThat(noType.err()).contains("--size needs --type");

        CliRun noPool = CliRun.in(home, "--config", config.toString(), "pool", "fill");
        assertThat(noPool.exitCode()).isEqualTo(2);
        assertThat(noPool.err()).contains("no staging pool configured");

        CliRun status = CliRun.in(home, "--config", config.toString(), "pool", "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("no staging pools configured").contains("kept by: nobody");
    }
}
