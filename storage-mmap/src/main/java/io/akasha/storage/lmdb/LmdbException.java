package io.akasha.storage.lmdb;

import java.io.IOException;

/** An LMDB call failed: the operation, LMDB's own message and its error code. */
public final class LmdbException extends IOException {

    /** {@code MDB_MAP_FULL}: the environment's map size is used up. */
    public static final int MAP_FULL = -30792;
    /** {@code MDB_READERS_FULL}: every reader slot is taken. */
    public static final int READERS_FULL = -30790;

    private final int code;

    LmdbException(String operation, int code, String message) {
        super(operation + " failed: " + message + " (LMDB error " + code + ")");
        this.code = code;
    }

    /** LMDB's return code (negative for LMDB's own errors, an errno otherwise). */
    public int code() {
        return code;
    }
}
