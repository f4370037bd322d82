package dev.fleetdeck.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Puts a file written beside its target in the target's place, so a reader sees the old or the new one whole. */
public final class FileReplace {
    private FileReplace() {}

    /**
     * Renames {@code written} over {@code target}; where the filesystem cannot rename atomically
     * (some network mounts) it still replaces, without that promise.
     */
    public static void replace(Path written, Path target) throws IOException {
        try {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
