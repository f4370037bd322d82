package dev.fleetdeck.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** Reads one entry of {@code workspaces:} (in a config file or the built-in catalog) into a {@link WorkspaceType}. */
final class WorkspaceReader {

    static final List<String> KEYS = List.of("name", "image", "cores", "memory", "cpuAllocation", "targetSeconds",
            "poolSize", "poolMaxAge");
    static final String EXAMPLE = "{ name: firefox, image: kasmweb/firefox:1.17.0, cores: 2, memory: 4g }";
    /** The platform-wide target (startup guide): every workspace ready in under 60 s. */
    static final int DEFAULT_TARGET_SECONDS = 60;

    WorkspaceType read(ConfigObject workspace) throws ConfigException {
        workspace.onlyKeys(KEYS);
        String name = workspace.requiredText("name", "a workspace", "name: firefox");
        String what = "workspace '" + name + "'";
        String image = workspace.requiredText("image", what, "image: kasmweb/" + name + ":1.17.0");
        if (image.contains(" ")) {
            throw workspace.invalid("image", "image \"" + image + "\" cannot contain spaces", "image: kasmweb/firefox:1.17.0");
        }
        if (!workspace.has("cores")) {
            throw workspace.invalidHere(what + " has no cores — add e.g. cores: 2");
        }
        double cores = workspace.number("cores", n -> n.signum() > 0 && n.doubleValue() < 1e6,
                "a number of cores above 0", "cores: 2 (or 0.5)").map(BigDecimal::doubleValue).orElseThrow();
        if (!workspace.has("memory")) {
            throw workspace.invalidHere(what + " has no memory — add e.g. memory: 4g");
        }
        long memory = workspace.size("memory", "a size above 0 such as 4g or 512m", "memory: 4g").orElseThrow();
        if (memory == 0) {
            throw workspace.invalid("memory", "memory must be above 0", "memory: 4g");
        }
        CpuAllocation allocation = cpuAllocation(workspace);
        int target = workspace.integer("targetSeconds", 1, "a whole number of seconds above 0", "targetSeconds: 30")
                .orElse(DEFAULT_TARGET_SECONDS);
        int poolSize = workspace.integer("poolSize", 0, "a whole number of staged sessions, 0 or more", "poolSize: 2")
                .orElse(0);
        var poolMaxAge = workspace.duration("poolMaxAge", "poolMaxAge: 1h").orElse(WorkspaceType.DEFAULT_POOL_MAX_AGE);
        return new WorkspaceType(name, image, cores, memory, allocation, target, poolSize, poolMaxAge);
    }

    private static CpuAllocation cpuAllocation(ConfigObject workspace) throws ConfigException {
        String example = "cpuAllocation: shares (cores × 1024 weight) or cpuAllocation: quotas (hard --cpus limit)";
        var text = workspace.text("cpuAllocation", example);
        if (text.isEmpty()) {
            return CpuAllocation.SHARES;
        }
        for (CpuAllocation allocation : CpuAllocation.values()) {
            if (allocation.name().equalsIgnoreCase(text.get())) {
                return allocation;
            }
        }
        String lower = text.get().toLowerCase(Locale.ROOT);
        String hint = lower.startsWith("quota") ? "cpuAllocation: quotas" : lower.startsWith("share") ? "cpuAllocation: shares" : example;
        throw workspace.invalid("cpuAllocation", "cpuAllocation must be shares or quotas, got \"" + text.get() + "\"", hint);
    }
}
