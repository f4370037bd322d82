package dev.fleetdeck.sizing;

/** The advisor will not advise: too little history. The message says how much there is and what to do. */
public final class SizingRefusal extends Exception {
    public SizingRefusal(String message) {
        super(message);
    }
}
