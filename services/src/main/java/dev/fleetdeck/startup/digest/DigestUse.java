package dev.fleetdeck.startup.digest;

/** What a read did with the journal's digest. */
public enum DigestUse {
    /** No digest matched: the whole journal was parsed, and a digest of it written. */
    BUILT,
    /** The digest covered the whole journal: nothing was parsed. */
    USED,
    /** The digest matched a prefix: only the tail after it was parsed, and the digest extended. */
    EXTENDED,
    /** The whole journal was parsed and no digest written (one the digest cannot hold, or none could be made). */
    NONE
}
