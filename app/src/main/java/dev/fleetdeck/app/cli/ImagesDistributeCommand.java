package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.image.ImageDistributor;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One pre-pull round now: what settings: prePull does on a schedule. */
@Command(name = "distribute", mixinStandardHelpOptions = true,
        description = "Bring every workspace image to every enabled agent that lacks it, once: pulled from the "
                + "registry when one is known for the image (settings: registry:, or a registry host in the image "
                + "name), else copied from an agent that has it. Exit 0 when nothing is left missing.")
public final class ImagesDistributeCommand implements Callable<Integer> {
    private final GlobalOptions global;
    private final ServicesOpener opener;
    private final ObjectMapper json;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print each transfer as JSON (image, agent, from, outcome, detail, pullError).")
    boolean asJson;

    public ImagesDistributeCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        this.global = global;
        this.opener = opener;
        this.json = json;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Services services = CommandSupport.open(opener, global, spec)) {
            List<ImageDistributor.Transfer> round = services.imageDistributor().distribute();
            if (asJson) {
                out.println(json.writeValueAsString(round));
            } else if (round.isEmpty()) {
                out.println("every agent has every workspace image");
            } else {
                round.forEach(t -> out.println(t.describe()));
            }
            boolean complete = round.stream().allMatch(t -> t.outcome() == ImageDistributor.Outcome.PULLED
                    || t.outcome() == ImageDistributor.Outcome.COPIED);
            return complete ? 0 : 1;
        }
    }
}
