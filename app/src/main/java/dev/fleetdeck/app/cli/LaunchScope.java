package dev.fleetdeck.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where launched sessions may go and what their containers get, for the commands that launch
 * through placement. Mixed in where the commands declared these options before, because option
 * order decides between equally close "did you mean" suggestions.
 */
final class LaunchScope {

    @Option(names = "--zone", paramLabel = "ZONE", description = "Only agents of this zone.")
    String zone;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "Extra environment for the containers.")
    Map<String, String> env = new LinkedHashMap<>();
}
