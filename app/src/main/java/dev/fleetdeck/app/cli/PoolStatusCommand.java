package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.pool.PoolStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Each staging pool of the fleet as the shared store has it: size, ready, claimed today, kept by whom. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Each staging pool: its size, staged sessions ready, staged sessions claimed today (UTC), and "
                + "who keeps the pools (the keeper lease's holder).")
public final class PoolStatusCommand extends FleetCommand {
    private final ObjectMapper json;

    @Option(names = "--json", description = "One JSON object with every pool.")
    boolean asJson;

    public PoolStatusCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.json = json;
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        List<PoolStatus> pools = services.stagingPools().status();
        String keeper = services.stagingPools().keeper().orElse(null);
        if (asJson) {
            List<Map<String, Object>> rows = pools.stream()
                    .map(p -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("workspaceType", p.workspaceType());
                        row.put("zone", p.zone());
                        row.put("size", p.desired());
                        row.put("ready", p.ready());
                        row.put("claimedToday", p.claimedToday());
                        return row;
                    })
                    .toList();
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("keptBy", keeper);
            all.put("store", services.stagingPools().store().describe());
            all.put("pools", rows);
            out.println(json.writeValueAsString(all));
            return 0;
        }
        if (pools.isEmpty()) {
            out.println("no staging pools configured (poolSize is 0 for every workspace)");
        }
        for (PoolStatus p : pools) {
            out.printf(
                    "%-24s size %3d  ready %3d  claimed today %4d%n",
                    p.workspaceType() + (p.zone() == null ? "" : " in " + p.zone()),
                    p.desired(),
                    p.ready(),
                    p.claimedToday());
        }
        out.println("kept by: " + (keeper == null ? "nobody (start 'fleetdeck keeper' or a console window)" : keeper));
        return 0;
    }
}
