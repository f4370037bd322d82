package dev.fleetdeck.fleet;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An agent's sessions as {@link AgentSnapshot} keeps them: immutable, with what the staged ones
 * hold summed once when the snapshot is made. The views and the drain preview asked for those sums
 * on every call, each a walk over the sessions; a record can hold no field of its own, so the list
 * holds them.
 */
final class SessionList extends AbstractList<Session> implements RandomAccess {
    private static final SessionList EMPTY = new SessionList(new Session[0]);

    private final Session[] sessions;
    private final double stagedCpus;
    private final long stagedMemBytes;

    private SessionList(Session[] sessions) {
        this.sessions = sessions;
        double cpus = 0;
        long mem = 0;
        for (Session s : sessions) {
            if (s.waitingInPool()) {
                cpus += s.cores();
                mem += s.memoryBytes();
            }
        }
        this.stagedCpus = cpus;
        this.stagedMemBytes = mem;
    }

    /** The list itself when it is one already (the {@code with…} copies), else an immutable copy. */
    static SessionList of(List<Session> sessions) {
        if (sessions instanceof SessionList same) {
            return same;
        }
        if (sessions.isEmpty()) {
            return EMPTY;
        }
        // List.copyOf refuses nulls, as the record's copy did.
        return new SessionList(List.copyOf(sessions).toArray(Session[]::new));
    }

    double stagedCpus() {
        return stagedCpus;
    }

    long stagedMemBytes() {
        return stagedMemBytes;
    }

    @Override
    public Session get(int index) {
        return sessions[index];
    }

    @Override
    public int size() {
        return sessions.length;
    }
}
