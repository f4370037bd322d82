package dev.fleetdeck.image;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.launch.ImagePresence;
import dev.fleetdeck.progress.Progress;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Copies an image from an agent that has it to one that lacks it, streaming {@code docker save}
 * straight into {@code docker load}: no registry needed, nothing written to the console's disk.
 */
public final class ImageCopier {
    private final FleetMonitor fleet;
    private final ImagePresence presence;
    private final LongSupplier nanoTime;

    /** @param presence told to forget the target's images, so placement sees the copy at once */
    public ImageCopier(FleetMonitor fleet, ImagePresence presence, LongSupplier nanoTime) {
        this.fleet = fleet;
        this.presence = presence;
        this.nanoTime = nanoTime;
    }

    /** One finished copy: how much crossed and how long it took. */
    public record Copy(String image, String from, String to, long bytes, Duration took) {}

    public Copy copy(String image, String from, String to) throws AgentEngine.EngineException {
        return copy(image, from, to, new Progress("copying " + image, "B", 0, nanoTime));
    }

    /**
     * As {@link #copy(String, String, String)}, telling {@code progress} the bytes as they cross
     * (its total: the image's size on the source); a cancel ends the stream and fails the copy.
     */
    public Copy copy(String image, String from, String to, Progress progress) throws AgentEngine.EngineException {
        if (from.equals(to)) {
            throw new IllegalArgumentException("copying " + image + " from " + from + " to itself");
        }
        AgentEngine source = engine(from);
        AgentEngine target = engine(to);
        long t0 = nanoTime.getAsLong();
        long bytes;
        progress.total(source.imageSize(image));
        progress.detail(from + " → " + to);
        try (CountingStream tar = new CountingStream(source.saveImage(image), progress)) {
            target.loadImage(tar);
            bytes = tar.count;
        } catch (IOException e) {
            throw new AgentEngine.EngineException(
                    "copying " + image + " from " + from + " to " + to + ": " + e.getMessage(), e);
        } finally {
            presence.forget(to);
        }
        if (!target.uncached().imageTags().contains(image)) {
            throw new AgentEngine.EngineException(
                    to + " loaded the archive of " + image + " from " + from + " but does not list the image");
        }
        return new Copy(image, from, to, bytes, Duration.ofNanos(nanoTime.getAsLong() - t0));
    }

    private AgentEngine engine(String agent) {
        AgentMonitor m = fleet.agent(agent);
        if (m == null) {
            throw new IllegalArgumentException("no agent " + agent + " in the configuration");
        }
        return m.engine();
    }

    private static final class CountingStream extends FilterInputStream {
        private final Progress progress;
        long count;

        CountingStream(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            cancelled();
            int b = super.read();
            if (b >= 0) {
                count++;
                progress.advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            cancelled();
            int n = super.read(buf, off, len);
            if (n > 0) {
                count += n;
                progress.advance(n);
            }
            return n;
        }

        private void cancelled() throws IOException {
            if (progress.cancelRequested()) {
                throw new IOException("cancelled");
            }
        }
    }
}
