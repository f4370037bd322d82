package dev.fleetdeck.app.cli;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.AgentsAppender;
import dev.fleetdeck.config.ConfigException;
import dev.fleetdeck.config.ConfigLoader;
import dev.fleetdeck.config.ConfigLocator;
import dev.fleetdeck.config.ConfigLocator.ConfigLocation;
import dev.fleetdeck.contexts.ContextImport;
import dev.fleetdeck.contexts.DockerContexts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleetdeck config import-contexts}: the Docker CLI's contexts as agents of the configuration
 * the console reads. Prints what it would add unless {@code --write}; then adds them to that file
 * (made if missing), keeping every agent and every line already there.
 */
@Command(
        name = "import-contexts",
        mixinStandardHelpOptions = true,
        description = "Add the Docker CLI's contexts ($DOCKER_CONFIG/contexts, default ~/.docker) as agents: "
                + "endpoint and TLS files. Prints what it would add; --write adds it to the configuration file.%n"
                + "Exit 0 when done, 2 when a context or the configuration is unusable (nothing is written then).")
public final class ImportContextsCommand implements Callable<Integer> {

    private final GlobalOptions global;
    private final ConfigLocator locator;
    private final ConfigLoader loader;
    private final DockerContexts contexts;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--write",
            description = "Write the new agents into the configuration file (default: only print them).")
    boolean write;

    public ImportContextsCommand(
            GlobalOptions global, ConfigLocator locator, ConfigLoader loader, DockerContexts contexts) {
        this.global = global;
        this.locator = locator;
        this.loader = loader;
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigLocation location = locator.locate(global.config().orElse(null));
        Path file = location.path();
        boolean exists = Files.exists(file);
        // Loaded first: a broken file is its own located line, and its agents are the ones kept.
        List<AgentConfig> existing = exists ? loader.load(file).agents() : List.of();
        DockerContexts.Reading reading = contexts.read();
        if (!reading.problems().isEmpty()) {
            reading.problems().forEach(p -> err.println("fleetdeck: " + p));
            err.println("fleetdeck: nothing written; fix the context"
                    + (reading.problems().size() > 1 ? "s" : "")
                    + " above (docker context ls shows them) and run this again");
            return ErrorReporter.BAD_INPUT;
        }
        if (reading.contexts().isEmpty()) {
            out.println("No Docker contexts in " + contexts.configDir().resolve("contexts")
                    + " (docker context create makes them; DOCKER_CONFIG chooses the folder).");
            return 0;
        }
        ContextImport.Plan plan = ContextImport.plan(reading.contexts(), existing);
        plan.skipped().forEach(s -> out.println("skipped " + s));
        if (plan.add().isEmpty()) {
            out.println("Nothing to add to " + file + ".");
            return 0;
        }
        String text = exists ? read(file) : null;
        String updated = AgentsAppender.append(file, text, plan.agents());
        // The result is read back as the console will read it before anything is written.
        loader.read(file, updated);
        String names = plan.add().stream()
                .map(i -> i.agent().name()
                        + (i.agent().name().equals(i.context().name())
                                ? ""
                                : " (context " + i.context().name() + ")"))
                .collect(Collectors.joining(", "));
        if (!write) {
            out.println(
                    "Would add " + plan.add().size() + " agent" + (plan.add().size() == 1 ? "" : "s") + " to " + file
                            + (exists ? "" : " (a new file)") + ": " + names);
            AgentsAppender.yamlEntries(plan.agents(), "  ").lines().forEach(out::println);
            out.println("Run again with --write to write them.");
            return 0;
        }
        writeAtomically(file, updated);
        out.println("Added " + plan.add().size() + " agent" + (plan.add().size() == 1 ? "" : "s") + " to " + file + ": "
                + names);
        return 0;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Write-then-rename with the old file's permissions, so a reader never sees half a file and a chmod 600 stays. */
    private static void writeAtomically(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
                }
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
