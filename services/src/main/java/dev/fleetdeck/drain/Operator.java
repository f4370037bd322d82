package dev.fleetdeck.drain;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who acts: the OS user of a console process, its host and pid. It names the owner of a lease
 * ("held by alice@ops-3 pid 4121") and the operator of every audit entry.
 */
public record Operator(String user, String host, long pid) {

    /** This process, as the OS sees it. */
    public static Operator current() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // a host without a resolvable name still has one in the environment
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return new Operator(
                System.getProperty("user.name", "unknown"),
                host,
                ProcessHandle.current().pid());
    }

    /** The lease owner text, also what a refused console is told. */
    public String id() {
        return user + "@" + host + " pid " + pid;
    }

    @Override
    public String toString() {
        return id();
    }
}
