package dev.fleetdeck.story;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The five-minute story of {@code fleetdeck --demo --story}: a morning launch wave absorbed by the
 * staging pools, an agent lost and back, one agent's RAM nearing full, its drain with a deadline,
 * and a broken release that makes the analyzer alert. Which agents play which part follows from
 * the seed, so a seed tells the same story every time.
 */
public final class DemoStory {
    public static final Duration LENGTH = Duration.ofMinutes(5);

    private DemoStory() {}

    /**
     * @param agentsByZone the demo fleet's agents, by zone (the demo's "east" and "west"), in name order
     */
    public static List<StoryStep> script(long seed, Map<String, List<String>> agentsByZone) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> zones = agentsByZone.keySet().stream().sorted().toList();
        List<String> first = agentsByZone.get(zones.get(0));
        List<String> second = agentsByZone.get(zones.get(zones.size() - 1));
        String lost = first.get(random.nextInt(first.size()));
        String full = second.get(random.nextInt(second.size()));
        int agents = agentsByZone.values().stream().mapToInt(List::size).sum();
        return List.of(
                step(
                        0,
                        "Fleet",
                        "A workday morning on the simulated fleet: " + agents + " agents in " + zones.size()
                                + " zones. Staging pools keep 3 ready firefox sessions in each zone, so a launch can"
                                + " take one instead of waiting for a new container.",
                        new StoryAction.ResizePools("firefox", 3)),
                step(
                        35,
                        "Launches",
                        "08:00, the morning wave: 12 people open firefox at once. The first ones get a"
                                + " staged session in under a second; the rest start cold on the least loaded agents,"
                                + " and the pools are topped up behind them.",
                        new StoryAction.LaunchWave("firefox", 12, "morning")),
                step(
                        80,
                        "Fleet",
                        lost + " stops answering. Two refreshes later it is offline: new sessions go to the"
                                + " healthy agents, and the sessions on it keep running — Fleetdeck stops nothing it"
                                + " cannot see.",
                        new StoryAction.AgentDown(lost)),
                step(
                        125,
                        "Fleet",
                        lost + " answers again and is back in placement, its sessions where they were.",
                        new StoryAction.AgentUp(lost)),
                step(
                        145,
                        "Fleet",
                        "On " + full + " a job outside any session takes RAM to 90 %: the bar turns amber"
                                + " at 85 %, well before the host is full.",
                        new StoryAction.RamPressure(full, 90)),
                step(
                        170,
                        "Fleet",
                        "What prevents it is sizing: " + full + "'s ramOverride chosen from its observed peak"
                                + " and P95 use, so placement stops before the RAM is gone.",
                        new StoryAction.Advice(full)),
                step(
                        190,
                        "Drains",
                        full + " goes into maintenance: drained with a 60 s deadline. It takes no new"
                                + " sessions, its users are told when their sessions will end, and what still runs at"
                                + " the deadline is stopped.",
                        new StoryAction.DrainWithDeadline(full, Duration.ofSeconds(60))),
                step(
                        255,
                        "Launches",
                        "A broken vscode release reaches the fleet: its sessions exit before they are"
                                + " ready, and 24 launches fail one after another.",
                        new StoryAction.BreakImage("vscode", 24, "dev")),
                step(
                        280,
                        "Alerts",
                        "The analyzer's alert: more than 10 % of the last hour's launches failed. It names"
                                + " the failing type and is delivered to the team's webhooks and Alertmanager.",
                        new StoryAction.Narrate()),
                step(
                        LENGTH.toSeconds(),
                        "Fleet",
                        "End of the story. R plays it again from the start; the fleet" + " carries on by itself.",
                        new StoryAction.Narrate()));
    }

    private static StoryStep step(long atSeconds, String page, String caption, StoryAction action) {
        return new StoryStep(Duration.ofSeconds(atSeconds), caption, page, action);
    }
}
