package dev.fleetdeck.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * Which process holds something in a shared store ({@code host/pid/startMillis}), so a holder
 * that died gives it back at once instead of when its time runs out. The start time tells a dead
 * process from a new one that got its pid.
 */
public record ProcessOwner(String host, long pid, long startMillis) {
    /** Looked up once: a name lookup per check would cost a resolver call per reservation. */
    private static final String LOCAL_HOST = lookUpLocalHost();

    public static ProcessOwner current() {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessOwner(localHost(), self.pid(), start(self).orElse(0L));
    }

    /** The owner written by {@link #toString()}, or empty when it is not one. */
    public static Optional<ProcessOwner> parse(String text) {
        String[] p = text == null ? new String[0] : text.split("/");
        if (p.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcessOwner(p[0], Long.parseLong(p[1]), Long.parseLong(p[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * False only when the owner certainly died: a process of this machine that is gone, or whose
     * pid now belongs to a later process. Another machine's process is taken as alive (its time
     * running out frees what it held).
     */
    public static boolean alive(String owner) {
        Optional<ProcessOwner> o = parse(owner);
        if (o.isEmpty() || !o.get().host().equals(localHost())) {
            return true;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(o.get().pid());
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        long started = start(h.get()).orElse(0L);
        return o.get().startMillis() == 0
                || started == 0
                || Math.abs(started - o.get().startMillis()) < 2000;
    }

    @Override
    public String toString() {
        return host + "/" + pid + "/" + startMillis;
    }

    private static Optional<Long> start(ProcessHandle h) {
        return h.info().startInstant().map(Instant::toEpochMilli);
    }

    private static String localHost() {
        return LOCAL_HOST;
    }

    private static String lookUpLocalHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
