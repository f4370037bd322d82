package dev.fleetdeck.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of {@code GET /system/df} into {@link DockerDiskUsage}, adding the kinds up as
 * {@code docker system df} does: images by their layers counted once, containers by their
 * writable layers, volumes that were sized, the build cache that is not shared. A kind the
 * engine leaves out or sends as {@code null} (no build cache yet) is zero; anything that is not
 * that document is refused, so a proxy's page never reads as an empty disk.
 */
final class DiskUsageParser {

    private final ObjectMapper mapper;

    DiskUsageParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @throws IllegalArgumentException when the body is not the engine's disk usage document */
    DockerDiskUsage parse(String body) {
        JsonNode root;
        try {
            root = mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the answer to /system/df is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.has("LayersSize")) {
            throw new IllegalArgumentException("the answer to /system/df is not Docker's disk usage (no LayersSize)");
        }
        long images = size(root.path("LayersSize"), "LayersSize");
        Map<String, Long> writable = new HashMap<>();
        long containers = 0;
        for (JsonNode c : list(root, "Containers")) {
            long rw = Math.max(0, size(c.path("SizeRw"), "a container's SizeRw"));
            containers += rw;
            if (c.path("Id").isTextual()) {
                writable.put(c.path("Id").asText(), rw);
            }
        }
        long volumes = 0;
        for (JsonNode v : list(root, "Volumes")) {
            // -1: the engine did not size this volume (a volume driver's, or not computed).
            volumes += Math.max(0, size(v.path("UsageData").path("Size"), "a volume's size"));
        }
        long buildCache = 0;
        for (JsonNode b : list(root, "BuildCache")) {
            if (!b.path("Shared").asBoolean(false)) {
                buildCache += Math.max(0, size(b.path("Size"), "a build cache record's Size"));
            }
        }
        return new DockerDiskUsage(images, containers, volumes, buildCache, writable);
    }

    private static Iterable<JsonNode> list(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("the answer to /system/df has " + field + " that is not a list");
        }
        return node;
    }

    private static long size(JsonNode node, String what) {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException(
                    "the answer to /system/df has " + what + " that is not a whole number: " + node);
        }
        return node.asLong();
    }
}
