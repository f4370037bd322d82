package dev.fleetdeck.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code fleetdeck 0.1.0}: the jar manifest's Implementation-Version, or, when running from
 * classes (IDE, tests), the version Maven wrote into {@code version.properties}.
 */
public final class VersionProvider implements IVersionProvider {

    static final String RESOURCE = "/dev/fleetdeck/app/version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"fleetdeck " + version()};
    }

    static String version() {
        String fromManifest = VersionProvider.class.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest;
        }
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through: a version is not worth failing for
        }
        return "unknown";
    }
}
