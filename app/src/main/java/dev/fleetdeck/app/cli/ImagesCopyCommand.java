package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.image.ImageCopier;
import dev.fleetdeck.progress.Progress;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Copies an image between agents: docker save on one streamed into docker load on the other. */
@Command(
        name = "copy",
        mixinStandardHelpOptions = true,
        description = "Copy an image from an agent that has it to one that lacks it, streaming docker save into "
                + "docker load (no registry needed). Exit 0 when the target lists the image.")
public final class ImagesCopyCommand extends FleetCommand {

    @Option(
            names = "--image",
            required = true,
            paramLabel = "TAG",
            description = "Image tag, e.g. fleetdeck/firefox:1.0.")
    String image;

    @Option(names = "--from", required = true, paramLabel = "AGENT", description = "Agent that has the image.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "AGENT", description = "Agent that lacks it.")
    String to;

    public ImagesCopyCommand(GlobalOptions global, ServicesOpener opener) {
        super(global, opener);
    }

    @Override
    void check() {
        if (from.equals(to)) {
            throw new ParameterException(spec.commandLine(), "--from and --to are both " + from);
        }
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        for (String agent : new String[] {from, to}) {
            if (services.fleet().agent(agent) == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "no agent '" + agent + "'; known: "
                                + String.join(
                                        ", ",
                                        services.fleet().agents().stream()
                                                .map(m -> m.name())
                                                .toList()));
            }
        }
        Progress progress = services.progress().begin("copy " + image, "B", 0);
        ImageCopier.Copy c;
        try (AutoCloseable line = ProgressLine.of(progress, false)) {
            c = services.imageCopier().copy(image, from, to, progress);
        } finally {
            progress.finish();
        }
        out.printf(
                Locale.ROOT,
                "copied %s from %s to %s: %.1f MiB in %d ms%n",
                c.image(),
                c.from(),
                c.to(),
                c.bytes() / 1048576.0,
                c.took().toMillis());
        return 0;
    }
}
