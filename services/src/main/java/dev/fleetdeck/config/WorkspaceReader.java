package dev.fleetdeck.config;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads one entry of {@code workspaces:} (in a config file or the built-in catalog) into a {@link WorkspaceType}. */
final class WorkspaceReader {

    static final List<String> KEYS = List.of(
            "name",
            "image",
            "cores",
            "memory",
            "cpuAllocation",
            "targetSeconds",
            "poolSize",
            "poolMaxAge",
            "diskPerSession",
            "recording",
            "notice");
    static final String NOTICE_EXAMPLE = "notice: [notify-send, Fleetdeck, \"{message}\"]";
    static final String EXAMPLE = "{ name: firefox, image: kasmweb/firefox:1.17.0, cores: 2, memory: 4g }";
    /** The platform-wide target (startup guide): every workspace ready in under 60 s. */
    static final int DEFAULT_TARGET_SECONDS = 60;

    /**
     * @param agents the fleet's agents, for the zones of a per-zone {@code poolSize} and what the
     *               zones can hold; empty for the built-in catalog (nothing to check against)
     */
    WorkspaceType read(ConfigObject workspace, List<AgentConfig> agents) throws ConfigException {
        workspace.onlyKeys(KEYS);
        String name = workspace.requiredText("name", "a workspace", "name: firefox");
        String what = "workspace '" + name + "'";
        String image = workspace.requiredText("image", what, "image: kasmweb/" + name + ":1.17.0");
        if (image.contains(" ")) {
            throw workspace.invalid(
                    "image", "image \"" + image + "\" cannot contain spaces", "image: kasmweb/firefox:1.17.0");
        }
        if (!workspace.has("cores")) {
            throw workspace.invalidHere(what + " has no cores — add e.g. cores: 2");
        }
        double cores = workspace
                .number(
                        "cores",
                        n -> n.signum() > 0 && n.doubleValue() < 1e6,
                        "a number of cores above 0",
                        "cores: 2 (or 0.5)")
                .map(BigDecimal::doubleValue)
                .orElseThrow();
        if (!workspace.has("memory")) {
            throw workspace.invalidHere(what + " has no memory — add e.g. memory: 4g");
        }
        long memory = workspace
                .size("memory", "a size above 0 such as 4g or 512m", "memory: 4g")
                .orElseThrow();
        if (memory == 0) {
            throw workspace.invalid("memory", "memory must be above 0", "memory: 4g");
        }
        CpuAllocation allocation = cpuAllocation(workspace);
        int target = workspace
                .integer("targetSeconds", 1, "a whole number of seconds above 0", "targetSeconds: 30")
                .orElse(DEFAULT_TARGET_SECONDS);
        var poolMaxAge = workspace.duration("poolMaxAge", "poolMaxAge: 1h").orElse(WorkspaceType.DEFAULT_POOL_MAX_AGE);
        Map<String, Integer> byZone = new LinkedHashMap<>();
        int poolSize = 0;
        List<String> zones = agents.stream().map(AgentConfig::zone).distinct().toList();
        if (workspace.has("poolSize") && workspace.raw("poolSize").isObject()) {
            ConfigObject sizes = workspace.object("poolSize", "poolSize by zone", "poolSize: { east: 2, west: 1 }");
            if (!agents.isEmpty()) {
                sizes.onlyKeys(zones);
            }
            Iterator<String> names = workspace.raw("poolSize").fieldNames();
            while (names.hasNext()) {
                String zone = names.next();
                int n = sizes.integer(zone, 0, "a whole number of staged sessions, 0 or more", zone + ": 2")
                        .orElse(0);
                requireFits(sizes, zone, n, zone, cores, memory, name, agents);
                byZone.put(zone, n);
            }
        } else {
            poolSize = workspace
                    .integer("poolSize", 0, "a whole number of staged sessions, 0 or more", "poolSize: 2")
                    .orElse(0);
            for (String zone : zones) {
                requireFits(workspace, "poolSize", poolSize, zone, cores, memory, name, agents);
            }
        }
        long diskPerSession = workspace
                .size(
                        "diskPerSession",
                        "a size such as 10g (0 = not counted in the disk budget)",
                        "diskPerSession: 10g")
                .orElse(0L);
        boolean recording = workspace.bool("recording", "recording: true").orElse(false);
        List<String> notice = workspace.strings("notice", NOTICE_EXAMPLE).orElse(List.of());
        if (!notice.isEmpty() && notice.stream().noneMatch(arg -> arg.contains(WorkspaceType.MESSAGE))) {
            throw workspace.invalid(
                    "notice",
                    "notice must pass the message: put " + WorkspaceType.MESSAGE + " in one of its arguments",
                    NOTICE_EXAMPLE);
        }
        return new WorkspaceType(
                name,
                image,
                cores,
                memory,
                allocation,
                target,
                poolSize,
                poolMaxAge,
                byZone,
                diskPerSession,
                recording,
                notice);
    }

    /**
     * Refuses a pool larger than its zone can hold, when the zone's agents say how much they hold
     * (a {@code cpuOverride} or {@code ramOverride} on each enabled one); a zone of agents sized
     * by their real CPUs and RAM is checked by the keeper, which tells a pool it cannot fill.
     */
    private static void requireFits(
            ConfigObject where,
            String key,
            int size,
            String zone,
            double cores,
            long memory,
            String type,
            List<AgentConfig> agents)
            throws ConfigException {
        if (size == 0) {
            return;
        }
        long fit = 0;
        for (AgentConfig a : agents) {
            if (!a.zone().equals(zone) || !a.enabled()) {
                continue;
            }
            long bound = Long.MAX_VALUE;
            if (a.cpuOverride() > 0) {
                bound = (long) Math.floor(a.cpuOverride() / cores + 1e-9);
            }
            if (a.ramOverride() > 0) {
                bound = Math.min(bound, a.ramOverride() / memory);
            }
            if (bound == Long.MAX_VALUE) {
                return; // this agent's size is known only once it answers
            }
            fit += bound;
        }
        if (size > fit) {
            throw where.invalid(
                    key,
                    "poolSize " + size + " is more than zone " + zone + " can hold: " + fit + " " + type
                            + " sessions fit on its agents (their cpuOverride/ramOverride)",
                    key + ": " + fit + " or less");
        }
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
        String hint = lower.startsWith("quota")
                ? "cpuAllocation: quotas"
                : lower.startsWith("share") ? "cpuAllocation: shares" : example;
        throw workspace.invalid(
                "cpuAllocation", "cpuAllocation must be shares or quotas, got \"" + text.get() + "\"", hint);
    }
}
