package dev.fleetdeck.config;

/**
 * A configuration the console cannot use. The message is meant for the operator as it is:
 * {@code file:line:column: what is wrong — what to write instead}. It never carries a secret.
 */
public class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }
}
