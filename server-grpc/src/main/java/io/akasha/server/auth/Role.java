package io.akasha.server.auth;

/** What a grant allows on a collection; each role includes the ones before it. */
public enum Role {
    /** Describe, stats, get, query, search. */
    READ,
    /** Insert, upsert, delete, flush; and READ. */
    WRITE,
    /** Create and drop the collection, its partitions and scalar indexes; and WRITE. */
    ADMIN;

    boolean includes(Role other) {
        return compareTo(other) >= 0;
    }
}
