package io.akasha.core.collection;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import io.akasha.storage.lmdb.LmdbEnv;
import io.akasha.storage.lmdb.LmdbTxn;

/**
 * One collection's primary keys as of its last checkpoint, in an LMDB database of the catalog:
 * key bytes → {@code (segment id << 32) | row}, for the live rows of the segments that checkpoint
 * saved. Written only by checkpoints, in the transaction that commits their manifest, so the
 * two always agree; read by lookups, each in a pooled read transaction.
 *
 * <p>Key bytes: an INT64 key as 8 bytes big-endian with the sign bit flipped (so that byte order
 * is numeric order); a VARCHAR key as a 1 and its UTF-8 bytes, or,
 * when that passes LMDB's 511-byte limit, a 2, its first 478 bytes and the SHA-256 of the whole. A found
 * location is only a candidate: the caller checks that the row there holds the key and is
 * visible, so entries left behind by deleted rows (purged when their segment is rewritten)
 * never surface.
 *
 * <p>The smallest and largest stored keys are kept in memory (read after every commit): a key
 * outside them is not stored, which a lookup knows without reading the catalog. Keys that grow,
 * as auto-ids and most loaders' ids do, are never looked up when inserted.
 */
final class StoredKeys {

    /** Returned by {@link #find} when the key has no entry. */
    static final long NONE = -1;
    private static final byte WHOLE = 1;
    private static final byte HASHED = 2;
    private static final int HASHED_PREFIX = LmdbTxn.MAX_KEY_BYTES - 1 - 32;

    private final LmdbEnv env;
    private final LmdbEnv.Dbi dbi;
    /** The stored keys' range, or null when none is stored; bounds may be wider than the keys, never narrower. */
    private volatile byte[][] bounds;

    StoredKeys(LmdbEnv env, LmdbEnv.Dbi dbi) throws IOException {
        this.env = env;
        this.dbi = dbi;
        refreshBounds();
    }

    /** Reads the smallest and largest stored keys again (after a commit changed them). */
    void refreshBounds() throws IOException {
        try (LmdbTxn txn = env.read()) {
            byte[] first = txn.firstKey(dbi);
            bounds = first == null ? null : new byte[][] {first, txn.lastKey(dbi)};
        }
    }

    LmdbEnv.Dbi dbi() {
        return dbi;
    }

    /** The stored location of {@code key}, or {@link #NONE}, as {@code txn} sees the catalog. */
    long find(LmdbTxn txn, Object key) {
        byte[] bytes = encode(key);
        byte[][] range = bounds;
        if (range == null || Arrays.compareUnsigned(bytes, range[0]) < 0
                || Arrays.compareUnsigned(bytes, range[1]) > 0) {
            return NONE;
        }
        try {
            MemorySegment value = txn.get(dbi, bytes);
            return value == null ? NONE : value.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** A read transaction for several lookups (close it promptly). */
    LmdbTxn read() {
        try {
            return env.read();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private IllegalStateException failure(IOException e) {
        return new IllegalStateException("primary key index " + dbi.name() + ": " + e.getMessage(), e);
    }

    static long location(int segment, int row) {
        return ((long) segment << 32) | (row & 0xFFFFFFFFL);
    }

    static int segmentOf(long location) {
        return (int) (location >>> 32);
    }

    static int rowOf(long location) {
        return (int) location;
    }

    /** The LMDB key for a primary key value (a Long or a String). */
    static byte[] encode(Object key) {
        if (key instanceof Long value) {
            return ByteBuffer.allocate(Long.BYTES).putLong(value ^ Long.MIN_VALUE).array();
        }
        byte[] utf8 = ((String) key).getBytes(StandardCharsets.UTF_8);
        if (utf8.length < LmdbTxn.MAX_KEY_BYTES) {
            byte[] bytes = new byte[utf8.length + 1];
            bytes[0] = WHOLE;
            System.arraycopy(utf8, 0, bytes, 1, utf8.length);
            return bytes;
        }
        byte[] bytes = new byte[LmdbTxn.MAX_KEY_BYTES];
        bytes[0] = HASHED;
        System.arraycopy(utf8, 0, bytes, 1, HASHED_PREFIX);
        try {
            System.arraycopy(MessageDigest.getInstance("SHA-256").digest(utf8), 0, bytes, 1 + HASHED_PREFIX, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        return bytes;
    }
}
