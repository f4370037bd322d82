package dev.fleetdeck.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.fleet.HostMetrics;
import dev.fleetdeck.fleet.HostMetricsSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fleet's host figures from Prometheus: one instant query for every agent that names a
 * {@code nodeExporter}. Prometheus down, or answering anything but its API, gives every agent
 * that reason and Docker's figures; an instance Prometheus does not know gives that agent its own.
 */
public final class PrometheusHostSource implements HostMetricsSource {

    private final List<AgentConfig> agents;
    private final PrometheusClient client;

    public PrometheusHostSource(List<AgentConfig> agents, PrometheusClient client) {
        this.agents = List.copyOf(agents);
        this.client = client;
    }

    @Override
    public Map<String, HostMetrics> read() {
        Map<String, HostMetrics> out = new LinkedHashMap<>();
        List<String> instances = agents.stream()
                .map(AgentConfig::nodeExporter)
                .filter(Objects::nonNull)
                .toList();
        Map<String, FleetHostQuery.Outcome> answer = Map.of();
        String failure = null;
        if (!instances.isEmpty()) {
            try {
                JsonNode result = client.query(FleetHostQuery.expression(instances));
                answer = FleetHostQuery.parse(result);
            } catch (PrometheusException e) {
                failure = e.getMessage();
            }
        }
        for (AgentConfig a : agents) {
            if (a.nodeExporter() == null) {
                out.put(a.name(), HostMetrics.docker("no nodeExporter configured for this agent"));
            } else if (failure != null) {
                out.put(a.name(), HostMetrics.docker(failure));
            } else {
                FleetHostQuery.Outcome o = answer.get(a.nodeExporter());
                out.put(
                        a.name(),
                        o == null
                                ? HostMetrics.docker("Prometheus at " + client.base()
                                        + " has no node-exporter samples for instance " + a.nodeExporter()
                                        + " — does it scrape it? (query up{instance=\"" + a.nodeExporter() + "\"})")
                                : o.figures() != null
                                        ? HostMetrics.prometheus(o.figures())
                                        : HostMetrics.docker(o.problem()));
            }
        }
        return out;
    }
}
