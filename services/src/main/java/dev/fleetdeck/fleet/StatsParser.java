package dev.fleetdeck.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the body of {@code GET /containers/{id}/stats?stream=false&one-shot=true}. Missing fields
 * read as zero: a container that has just stopped answers with zeros or empty objects, and that
 * must give a zero sample rather than an error.
 *
 * <p>Streamed, straight from the answer's bytes, keeping only the eight figures a sample has and
 * skipping the rest (block I/O, throttling, pids, 30 memory counters): a steady console parses
 * one such answer per container every sampling round, and a whole tree per answer was most of
 * what the refresh path allocated (docs/benchmarks.md, "Monitoring at fleet scale").
 */
final class StatsParser {

    private final JsonFactory json;
    private final Clock clock;

    StatsParser(ObjectMapper mapper, Clock clock) {
        this.json = mapper.getFactory();
        this.clock = clock;
    }

    /** @throws IllegalArgumentException when the body is not a JSON object */
    StatsSample parse(String containerId, String body) {
        byte[] bytes = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
        return parse(containerId, bytes, 0, bytes.length);
    }

    /** The same from {@code length} bytes of an answer at {@code offset}. */
    StatsSample parse(String containerId, byte[] body, int offset, int length) {
        Fields f = new Fields();
        try (JsonParser p = json.createParser(body, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("stats of " + containerId + " are not a JSON object");
            }
            readRoot(p, f);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stats of " + containerId + " are not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // A byte array throws nothing else; kept apart so a parse failure still reads as one.
            throw new IllegalArgumentException("stats of " + containerId + " are not JSON: " + e.getMessage());
        }
        int onlineCpus = f.onlineCpus;
        if (onlineCpus <= 0) {
            // Engines before API 1.27 do not report online_cpus; docker/cli counts per-CPU usage.
            onlineCpus = f.perCpuCount;
        }
        // cgroup v1 reports the hierarchy's total_inactive_file; v2 only inactive_file.
        long inactive = f.hasTotalInactive ? f.totalInactiveFile : f.inactiveFile;
        return new StatsSample(
                containerId, readTime(f.read), f.cpuTotal, f.systemCpu, onlineCpus, f.memUsage, inactive, f.memLimit);
    }

    /** The figures wanted, as they come by. */
    private static final class Fields {
        String read;
        long cpuTotal;
        long systemCpu;
        int onlineCpus;
        int perCpuCount;
        long memUsage;
        long memLimit;
        long inactiveFile;
        long totalInactiveFile;
        boolean hasTotalInactive;
    }

    private static void readRoot(JsonParser p, Fields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "read" -> f.read = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "cpu_stats" -> readObject(p, value, (q, n, v) -> readCpu(q, n, v, f));
                case "memory_stats" -> readObject(p, value, (q, n, v) -> readMemory(q, n, v, f));
                default -> p.skipChildren();
            }
        }
    }

    private static void readCpu(JsonParser p, String name, JsonToken value, Fields f) throws IOException {
        switch (name) {
            case "cpu_usage" ->
                readObject(p, value, (q, n, v) -> {
                    if (n.equals("total_usage")) {
                        f.cpuTotal = number(q, v);
                    } else if (n.equals("percpu_usage") && v == JsonToken.START_ARRAY) {
                        int count = 0;
                        while (q.nextToken() != JsonToken.END_ARRAY) {
                            q.skipChildren();
                            count++;
                        }
                        f.perCpuCount = count;
                    } else {
                        q.skipChildren();
                    }
                });
            case "system_cpu_usage" -> f.systemCpu = number(p, value);
            case "online_cpus" -> f.onlineCpus = integer(p, value);
            default -> p.skipChildren();
        }
    }

    private static void readMemory(JsonParser p, String name, JsonToken value, Fields f) throws IOException {
        switch (name) {
            case "usage" -> f.memUsage = number(p, value);
            case "limit" -> f.memLimit = number(p, value);
            case "stats" ->
                readObject(p, value, (q, n, v) -> {
                    if (n.equals("total_inactive_file")) {
                        f.hasTotalInactive = true;
                        f.totalInactiveFile = number(q, v);
                    } else if (n.equals("inactive_file")) {
                        f.inactiveFile = number(q, v);
                    } else {
                        q.skipChildren();
                    }
                });
            default -> p.skipChildren();
        }
    }

    /** What to do with one field of an object: its value is the current token. */
    private interface FieldReader {
        void read(JsonParser p, String name, JsonToken value) throws IOException;
    }

    /** Reads an object's fields; any other value (a number, an array, null) is skipped as if absent. */
    private static void readObject(JsonParser p, JsonToken value, FieldReader reader) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            reader.read(p, name, p.nextToken());
        }
    }

    /** A non-negative count; anything that is not a number in range reads as zero. */
    private static long number(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? 0L : Math.max(0, p.getLongValue());
        }
        if (value == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            return d >= Long.MIN_VALUE && d <= Long.MAX_VALUE ? Math.max(0, (long) d) : 0L;
        }
        p.skipChildren();
        return 0L;
    }

    /** An integer count such as CPUs online; a number as text counts too, as Jackson's asInt did. */
    private static int integer(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getValueAsInt(0);
        }
        if (value == JsonToken.VALUE_STRING) {
            return p.getValueAsInt(0);
        }
        p.skipChildren();
        return 0;
    }

    /** A stopped container reports year 1 as its read time; the console's clock is better. */
    private Instant readTime(String text) {
        if (text != null) {
            try {
                Instant read = Instant.parse(text);
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
