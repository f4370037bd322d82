package dev.fleetdeck.history;

/** Where a history's host figures came from, as a chart labels them. */
public enum HistorySource {
    /** Prometheus's own record of node-exporter: complete, whether or not Fleetdeck ran. */
    PROMETHEUS("from Prometheus"),
    /** The local store: only the times some console or the keeper of this machine was running. */
    LOCAL("while Fleetdeck was running");

    private final String label;

    HistorySource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
