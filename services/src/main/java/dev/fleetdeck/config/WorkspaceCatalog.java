package dev.fleetdeck.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The workspace types that ship with Fleetdeck, used when a config file has no {@code workspaces:}. */
public final class WorkspaceCatalog {

    public static final String RESOURCE = "/dev/fleetdeck/workspaces.yaml";

    private WorkspaceCatalog() {}

    /**
     * @throws IllegalStateException when the shipped catalog is missing or invalid: a build defect,
     *                               not something an operator can fix
     */
    public static List<WorkspaceType> builtIn() {
        try (InputStream in = WorkspaceCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the built-in workspace catalog " + RESOURCE + " is missing from the build");
            }
            return ConfigLoader.readCatalog(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in workspace catalog is invalid: " + e.getMessage());
        }
    }
}
