package dev.fleetdeck.drain;

/** A drain action refused or impossible; the message is one line an operator can act on. */
public final class DrainException extends Exception {
    public DrainException(String message) {
        super(message);
    }

    public DrainException(String message, Throwable cause) {
        super(message, cause);
    }
}
