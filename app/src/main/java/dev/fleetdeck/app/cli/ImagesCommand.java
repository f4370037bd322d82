package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.image.ImageInventory;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Which agents lack which workspace images: the start of the startup guide's pre-pull. */
@Command(
        name = "images",
        mixinStandardHelpOptions = true,
        description = "Show which agents lack which workspace images of the configuration (placement skips an agent "
                + "without the image). Fill the gaps with 'fleetdeck images distribute' (registry pull, else a copy "
                + "from a peer), or copy one image with 'fleetdeck images copy'.",
        subcommands = {ImagesCopyCommand.class, ImagesDistributeCommand.class},
        usageHelpAutoWidth = true)
public final class ImagesCommand extends FleetCommand {
    private final ObjectMapper json;

    @Option(names = "--json", description = "Print the catalog and each agent's present and missing images as JSON.")
    boolean asJson;

    public ImagesCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.json = json;
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        ImageInventory inventory = services.imageInventory();
        List<ImageInventory.AgentImages> agents = inventory.read();
        if (asJson) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("catalog", inventory.catalog());
            doc.put("agents", agents);
            out.println(json.writeValueAsString(doc));
            return 0;
        }
        int gaps = 0;
        for (ImageInventory.AgentImages a : agents) {
            String state = a.enabled() ? "" : " (disabled)";
            if (a.error() != null) {
                out.println(a.agent() + state + ": images not listed: " + a.error());
            } else if (a.missing().isEmpty()) {
                out.println(a.agent() + state + ": all " + a.present().size() + " images");
            } else {
                gaps += a.missing().size();
                out.println(a.agent() + state + ": lacks "
                        + String.join(", ", a.missing().stream().sorted().toList()));
            }
        }
        String source = services.config()
                .settings()
                .registry()
                .map(r -> "pulled from " + r + " where it has them, else copied from a peer")
                .orElse("copied from a peer (no registry configured)");
        out.println(
                gaps == 0
                        ? "every agent has every workspace image"
                        : gaps + " missing; fleetdeck images distribute fills them (" + source
                                + "), or fleetdeck images copy" + " --image TAG --from AGENT --to AGENT copies one");
        return 0;
    }
}
