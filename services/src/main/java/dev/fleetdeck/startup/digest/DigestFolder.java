package dev.fleetdeck.startup.digest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where digests of files outside the data folder ({@code analyze --input FILE}) live: in the data
 * folder's cache, one per file named by a hash of its real path, never beside the user's file.
 *
 * @param dir the cache folder, {@code <data folder>/cache/digests}
 */
public record DigestFolder(Path dir) {
    public static DigestFolder in(Path dataDir) {
        return new DigestFolder(dataDir.resolve("cache").resolve("digests"));
    }

    /** The digest file for this file (which need not have one yet). */
    public Path digestFor(Path file) throws IOException {
        String real = file.toRealPath().toString();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(real.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".digest");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform has SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
