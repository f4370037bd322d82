package dev.fleetdeck.fleet;

import java.util.Map;

/**
 * What an engine's {@code GET /system/df} says Docker itself keeps on disk, by kind, as
 * {@code docker system df} adds it up.
 *
 * @param imagesBytes     the image layers, each counted once however many images share it ({@code LayersSize})
 * @param containersBytes the containers' writable layers ({@code SizeRw}, summed)
 * @param volumesBytes    local volumes whose size the engine reports (a volume it could not size counts 0)
 * @param buildCacheBytes the builder's cache that no other record shares
 * @param writableBytes   each container's writable layer, by full container id
 */
public record DockerDiskUsage(
        long imagesBytes,
        long containersBytes,
        long volumesBytes,
        long buildCacheBytes,
        Map<String, Long> writableBytes) {

    public DockerDiskUsage {
        writableBytes = Map.copyOf(writableBytes);
    }

    /**
     * Images + containers' writable layers + volumes: the issue's {@code dockerDiskBytes}. The build
     * cache is left out, as the sizing guide's budget has no builds on an agent; it is shown apart.
     */
    public long dockerBytes() {
        return imagesBytes + containersBytes + volumesBytes;
    }

    /** The container's writable layer, or {@code -1} when the reading does not list it (created since). */
    public long writableOf(String containerId) {
        Long bytes = writableBytes.get(containerId);
        return bytes == null ? -1 : bytes;
    }
}
