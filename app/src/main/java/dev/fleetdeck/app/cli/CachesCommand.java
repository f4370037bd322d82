package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.cache.CacheReport;
import dev.fleetdeck.cache.CacheSample;
import dev.fleetdeck.cache.RedisInfo;
import dev.fleetdeck.cache.RedisServerMonitor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Every cache's hits and misses, and the Redis server's, after refreshing the fleet. */
@Command(
        name = "caches",
        mixinStandardHelpOptions = true,
        description = "Hit rates of the console's caches and of the Redis server.",
        footer = {
            "%nA command starts with empty caches: it refreshes the fleet twice first, as the window would"
                    + " every few seconds, so the first refresh misses and fills the caches and the second is"
                    + " answered from them where their time to live allows. The figures are those two refreshes,"
                    + " not the history of a running console (the window charts that).",
            "%nThe Redis figures are the server's own, since it started: keyspace_hits and keyspace_misses"
                    + " of INFO, across every client of that server."
        },
        usageHelpAutoWidth = true)
public final class CachesCommand extends FleetCommand {

    private final ObjectMapper json;

    @Option(
            names = "--json",
            description = "Print {\"caches\":[{\"name\",\"hits\",\"misses\",\"hitRate\",...}],"
                    + " \"redis\":{\"keyspaceHits\",\"keyspaceMisses\",\"hitRate\",...} or null when not configured}.")
    boolean asJson;

    public CachesCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.json = json;
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        services.fleet().refreshAll();
        services.fleet().refreshAll();
        CacheReport report = services.caches().sample();
        if (asJson) {
            out.println(json.writeValueAsString(asMap(report)));
        } else {
            print(report, out);
        }
        return 0;
    }

    static Map<String, Object> asMap(CacheReport report) {
        List<Map<String, Object>> caches = new ArrayList<>();
        for (CacheSample c : report.caches()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("hits", c.counts().hits());
            m.put("misses", c.counts().misses());
            m.put("hitRate", c.counts().hitRate());
            m.put("evictions", c.counts().evictions());
            m.put("avgHitMillis", c.counts().avgHitMillis());
            m.put("avgMissMillis", c.counts().avgMissMillis());
            m.put("ttlSeconds", c.ttl().map(d -> d.toMillis() / 1000.0).orElse(null));
            caches.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("caches", caches);
        out.put("redis", report.redis().map(CachesCommand::redis).orElse(null));
        return out;
    }

    private static Map<String, Object> redis(RedisServerMonitor.Reading r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", r.server());
        if (!r.available()) {
            m.put("error", r.error());
            return m;
        }
        RedisInfo i = r.info();
        m.put("version", i.version());
        m.put("keyspaceHits", i.keyspaceHits());
        m.put("keyspaceMisses", i.keyspaceMisses());
        m.put("hitRate", i.hitRate());
        m.put("expiredKeys", i.expiredKeys());
        m.put("evictedKeys", i.evictedKeys());
        m.put("usedMemory", i.usedMemory());
        m.put("maxMemory", i.maxMemory());
        m.put("opsPerSec", i.opsPerSec());
        m.put("connectedClients", i.connectedClients());
        return m;
    }

    private static void print(CacheReport report, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%-18s %8s %8s %9s %10s %10s%n",
                "cache",
                "hits",
                "misses",
                "hit rate",
                "hit ms",
                "miss ms");
        for (CacheSample c : report.caches()) {
            long total = c.counts().hits() + c.counts().misses();
            out.printf(
                    Locale.ROOT,
                    "%-18s %8d %8d %9s %10.3f %10.3f%n",
                    c.name(),
                    c.counts().hits(),
                    c.counts().misses(),
                    total == 0
                            ? "—"
                            : String.format(Locale.ROOT, "%.1f %%", c.counts().hitRate() * 100),
                    c.counts().avgHitMillis(),
                    c.counts().avgMissMillis());
        }
        if (report.redis().isEmpty()) {
            out.println("redis: not configured");
            return;
        }
        RedisServerMonitor.Reading r = report.redis().get();
        if (!r.available()) {
            out.println("redis " + r.server() + ": unavailable: " + r.error());
            return;
        }
        RedisInfo i = r.info();
        out.printf(
                Locale.ROOT,
                "redis %s (%s): %d hits, %d misses, hit rate %.1f %% since start; %d expired, %d evicted%n",
                r.server(),
                i.version(),
                i.keyspaceHits(),
                i.keyspaceMisses(),
                i.hitRate() * 100,
                i.expiredKeys(),
                i.evictedKeys());
    }
}
