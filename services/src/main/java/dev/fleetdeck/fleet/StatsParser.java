package dev.fleetdeck.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the body of {@code GET /containers/{id}/stats?stream=false&one-shot=true}. Missing fields
 * read as zero: a container that has just stopped answers with zeros or empty objects, and that
 * must give a zero sample rather than an error.
 */
final class StatsParser {

    private final ObjectMapper mapper;
    private final Clock clock;

    StatsParser(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** @throws IllegalArgumentException when the body is not a JSON object */
    StatsSample parse(String containerId, String body) {
        JsonNode root;
        try {
            root = mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stats of " + containerId + " are not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("stats of " + containerId + " are not a JSON object");
        }
        JsonNode cpu = root.path("cpu_stats");
        JsonNode memory = root.path("memory_stats");
        JsonNode memoryStats = memory.path("stats");

        int onlineCpus = cpu.path("online_cpus").asInt(0);
        if (onlineCpus <= 0) {
            // Engines before API 1.27 do not report online_cpus; docker/cli counts per-CPU usage.
            onlineCpus = cpu.path("cpu_usage").path("percpu_usage").size();
        }
        // cgroup v1 reports the hierarchy's total_inactive_file; v2 only inactive_file.
        long inactive = memoryStats.has("total_inactive_file")
                ? number(memoryStats.path("total_inactive_file"))
                : number(memoryStats.path("inactive_file"));

        return new StatsSample(
                containerId,
                readTime(root.path("read")),
                number(cpu.path("cpu_usage").path("total_usage")),
                number(cpu.path("system_cpu_usage")),
                onlineCpus,
                number(memory.path("usage")),
                inactive,
                number(memory.path("limit")));
    }

    private static long number(JsonNode node) {
        return node.canConvertToLong() ? Math.max(0, node.asLong()) : 0L;
    }

    /** A stopped container reports year 1 as its read time; the console's clock is better. */
    private Instant readTime(JsonNode node) {
        if (node.isTextual()) {
            try {
                Instant read = Instant.parse(node.asText());
                if (read.isAfter(Instant.EPOCH)) {
                    return read;
                }
            } catch (DateTimeParseException e) {
                // fall through to the console's clock
            }
        }
        return clock.instant();
    }
}
