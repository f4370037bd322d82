package dev.fleetdeck.disk;

/**
 * One agent's disk against the sizing guide's budget and the thresholds.
 *
 * @param budgetBytes     the guide's budget for Docker's data root: 80 GiB + each session's {@code diskPerSession}
 * @param dockerBytes     images + writable layers + volumes from the last {@code /system/df}; -1 when none was read
 * @param filesystemUsedBytes  used bytes of the data root's filesystem (node-exporter); 0 when unknown
 * @param filesystemTotalBytes its size; 0 when unknown
 * @param percent         the share that decides the level: the larger of the filesystem's use and Docker's
 *                        share of its budget, 0..; -1 when neither is known
 * @param byFilesystem    whether {@code percent} is the filesystem's (else Docker's against the budget)
 */
public record DiskVerdict(
        long budgetBytes,
        long dockerBytes,
        long filesystemUsedBytes,
        long filesystemTotalBytes,
        double percent,
        boolean byFilesystem,
        DiskLevel level) {

    public boolean filesystemKnown() {
        return filesystemTotalBytes > 0;
    }

    public boolean dockerKnown() {
        return dockerBytes >= 0;
    }

    /** Docker's use as a share of its budget; -1 when not read. */
    public double budgetPercent() {
        return dockerBytes < 0 || budgetBytes <= 0 ? -1 : dockerBytes * 100.0 / budgetBytes;
    }

    public double filesystemPercent() {
        return filesystemTotalBytes <= 0 ? -1 : filesystemUsedBytes * 100.0 / filesystemTotalBytes;
    }

    /** A filesystem smaller than the guide's budget: the agent is sized below the guide, whatever it holds now. */
    public boolean undersized() {
        return filesystemKnown() && filesystemTotalBytes < budgetBytes;
    }
}
