package dev.fleetdeck.bench.soak;

/** The faults of the soak's schedule, each done to the real part and undone. */
enum Fault {
    /** An engine's dockerd SIGKILLed, then started again (with --live-restore, as production hosts run). */
    ENGINE_KILLED("engine SIGKILLed and restarted"),
    /** An engine's dockerd SIGSTOPped for 30 s: it stops answering without closing anything. */
    ENGINE_STOPPED("engine SIGSTOPped for 30 s"),
    /** The Redis Sentinel set's master SIGKILLed: the replica is promoted, the old master comes back as replica. */
    REDIS_MASTER_KILLED("Redis master killed (sentinel failover)"),
    /** The keeper process SIGKILLed and started again. */
    KEEPER_KILLED("keeper killed and restarted"),
    /** The console window's process SIGKILLed and started again. */
    CONSOLE_KILLED("console window killed and restarted"),
    /** The data folder's file system filled to the last byte, then freed. */
    DISK_FULL("data folder's disk filled and freed");

    final String label;

    Fault(String label) {
        this.label = label;
    }
}
