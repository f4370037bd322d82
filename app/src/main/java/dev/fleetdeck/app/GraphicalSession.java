package dev.fleetdeck.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the window needs from the machine before JavaFX is asked: a display to draw on, and GTK 3,
 * which JavaFX's Linux toolkit loads ({@code libgtk-3.so.0}, Debian's package libgtk-3-0).
 * Without GTK, JavaFX says only that it cannot initialise a graphics device, although DISPLAY is set.
 */
public final class GraphicalSession {
    /** Where Debian, Fedora and their kin keep shared libraries. */
    private static final List<String> LIBRARY_DIRS = List.of(
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/lib/x86_64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
            "/lib64",
            "/lib");

    private static final String GTK = "libgtk-3.so.0";

    private final Map<String, String> env;
    private final Predicate<Path> exists;

    public GraphicalSession(Map<String, String> env, Predicate<Path> exists) {
        this.env = env;
        this.exists = exists;
    }

    public static GraphicalSession ofThisMachine() {
        return new GraphicalSession(System.getenv(), Files::exists);
    }

    /** Why the window cannot open here, as one line naming the fix; empty when it can try. */
    public Optional<String> problem() {
        if (blank("DISPLAY") && blank("WAYLAND_DISPLAY")) {
            return Optional.of(noDisplay());
        }
        if (!gtkInstalled()) {
            return Optional.of("cannot open the console window: GTK 3 (" + GTK + ") is not installed — install the "
                    + "package libgtk-3-0 (sudo apt install libgtk-3-0), or use a command, e.g. 'fleetdeck agents'.");
        }
        return Optional.empty();
    }

    /** The line for a toolkit that failed anyway, with JavaFX's own reason. */
    public String failed(String reason) {
        if (!gtkInstalled()) {
            return problem().orElseThrow();
        }
        if (blank("DISPLAY") && blank("WAYLAND_DISPLAY")) {
            return noDisplay();
        }
        return "cannot open the console window (" + reason + ") on display " + env.getOrDefault("DISPLAY", "")
                + " — is the display running and may this user use it? Without one, use a command, e.g. 'fleetdeck agents'.";
    }

    private static String noDisplay() {
        return "cannot open the console window: there is no graphical session (DISPLAY is not set); "
                + "use a command, e.g. 'fleetdeck agents' or 'fleetdeck --help', or run under xvfb-run.";
    }

    private boolean gtkInstalled() {
        String extra = env.get("LD_LIBRARY_PATH");
        if (extra != null) {
            for (String dir : extra.split(":", -1)) {
                if (!dir.isBlank() && exists.test(Path.of(dir, GTK))) {
                    return true;
                }
            }
        }
        return LIBRARY_DIRS.stream().anyMatch(dir -> exists.test(Path.of(dir, GTK)));
    }

    private boolean blank(String name) {
        String v = env.get(name);
        return v == null || v.isBlank();
    }
}
