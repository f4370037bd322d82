package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.image.ImageDistributor;
import dev.fleetdeck.progress.Progress;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One pre-pull round now: what settings: prePull does on a schedule. */
@Command(
        name = "distribute",
        mixinStandardHelpOptions = true,
        description = "Bring every workspace image to every enabled agent that lacks it, once: pulled from the "
                + "registry when one is known for the image (settings: registry:, or a registry host in the image "
                + "name), else copied from an agent that has it. Exit 0 when nothing is left missing.")
public final class ImagesDistributeCommand extends FleetCommand {
    private final ObjectMapper json;

    @Option(
            names = "--json",
            description = "Print each transfer as JSON (image, agent, from, outcome, detail, pullError).")
    boolean asJson;

    public ImagesDistributeCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.json = json;
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        Progress progress = services.progress().begin("pre-pull round", "transfers", 0);
        List<ImageDistributor.Transfer> round;
        try (AutoCloseable line = ProgressLine.of(progress, asJson)) {
            round = services.imageDistributor().distribute(progress);
        }
        if (asJson) {
            out.println(json.writeValueAsString(round));
        } else if (round.isEmpty()) {
            out.println("every agent has every workspace image");
        } else {
            round.forEach(t -> out.println(t.describe()));
        }
        boolean complete = round.stream()
                .allMatch(t -> t.outcome() == ImageDistributor.Outcome.PULLED
                        || t.outcome() == ImageDistributor.Outcome.COPIED);
        return complete ? 0 : 1;
    }
}
