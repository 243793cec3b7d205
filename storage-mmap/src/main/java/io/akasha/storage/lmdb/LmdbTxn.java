package io.akasha.storage.lmdb;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One LMDB transaction. A read transaction comes from {@link LmdbEnv#read()} and goes back to
 * the pool on {@link #close()}; a write transaction exists only inside {@link LmdbEnv#write}.
 *
 * <p>Values returned by {@link #get} and {@link #forEach} point into the map and are valid only
 * until the transaction ends: copy what must outlive it. Keys are at most 511 bytes (LMDB's
 * default limit).
 */
public final class LmdbTxn implements AutoCloseable {

    /** Longest key LMDB accepts in its default build. */
    public static final int MAX_KEY_BYTES = 511;

    private static final int MDB_NOTFOUND = -30798;
    private static final int MDB_FIRST = 0;
    private static final int MDB_LAST = 6;
    private static final int MDB_NEXT = 8;
    private static final long VAL_BYTES = 16;

    /** Sees one entry of a database during {@link #forEach}; both segments are valid only during the call. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(MemorySegment key, MemorySegment value) throws IOException;
    }

    private final LmdbEnv env;
    private final LmdbLibrary lib;
    private final boolean readOnly;
    private final Arena arena;
    private final MemorySegment txn;
    private final MemorySegment keyVal;
    private final MemorySegment dataVal;
    private final MemorySegment keyBuffer;
    private final MemorySegment longBuffer;
    private final List<String> dropped = new ArrayList<>();

    private LmdbTxn(LmdbEnv env, LmdbLibrary lib, boolean readOnly, Arena arena, MemorySegment txn) {
        this.env = env;
        this.lib = lib;
        this.readOnly = readOnly;
        this.arena = arena;
        this.txn = txn;
        this.keyVal = arena.allocate(VAL_BYTES, 8);
        this.dataVal = arena.allocate(VAL_BYTES, 8);
        this.keyBuffer = arena.allocate(MAX_KEY_BYTES, 8);
        this.longBuffer = arena.allocate(8, 8);
    }

    static LmdbTxn begin(LmdbEnv env, LmdbLibrary lib, int flags) throws IOException {
        boolean readOnly = flags != 0;
        // Readers move between threads through the pool; a writer lives on the writer thread.
        Arena arena = readOnly ? Arena.ofShared() : Arena.ofConfined();
        try {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            LmdbEnv.check(lib, (int) lib.txnBegin.invokeExact(env.handle(), MemorySegment.NULL, flags, out),
                    "mdb_txn_begin");
            return new LmdbTxn(env, lib, readOnly, arena, out.get(ValueLayout.ADDRESS, 0));
        } catch (Throwable e) {
            arena.close();
            throw rethrow(e);
        }
    }

    LmdbEnv.Dbi openDatabase(String name, int flags) {
        try {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
            LmdbEnv.check(lib, (int) lib.dbiOpen.invokeExact(txn, arena.allocateFrom(name), flags, out),
                    "mdb_dbi_open(" + name + ")");
            return new LmdbEnv.Dbi(name, out.get(ValueLayout.JAVA_INT, 0));
        } catch (Throwable e) {
            throw new IllegalStateException(rethrow(e));
        }
    }

    /** The value of {@code key}, or null; valid until the transaction ends. */
    public MemorySegment get(LmdbEnv.Dbi dbi, byte[] key) throws IOException {
        setKey(key);
        try {
            int rc = (int) lib.get.invokeExact(txn, dbi.handle(), keyVal, dataVal);
            if (rc == MDB_NOTFOUND) {
                return null;
            }
            LmdbEnv.check(lib, rc, "mdb_get(" + dbi.name() + ")");
        } catch (Throwable e) {
            throw rethrow(e);
        }
        return view(dataVal);
    }

    /** Stores {@code value} under {@code key}, replacing any value. */
    public void put(LmdbEnv.Dbi dbi, byte[] key, byte[] value) throws IOException {
        MemorySegment bytes = arena.allocate(Math.max(1, value.length), 8);
        MemorySegment.copy(value, 0, bytes, ValueLayout.JAVA_BYTE, 0, value.length);
        put(dbi, key, bytes, value.length);
    }

    /** Stores an 8-byte little-endian {@code value} under {@code key} (no allocation). */
    public void putLong(LmdbEnv.Dbi dbi, byte[] key, long value) throws IOException {
        longBuffer.set(ValueLayout.JAVA_LONG, 0, value);
        put(dbi, key, longBuffer, 8);
    }

    private void put(LmdbEnv.Dbi dbi, byte[] key, MemorySegment value, long size) throws IOException {
        requireWrite();
        setKey(key);
        dataVal.set(ValueLayout.JAVA_LONG, 0, size);
        dataVal.set(ValueLayout.ADDRESS, 8, value);
        try {
            LmdbEnv.check(lib, (int) lib.put.invokeExact(txn, dbi.handle(), keyVal, dataVal, 0),
                    "mdb_put(" + dbi.name() + ")");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Deletes {@code key}; false if it was not there. */
    public boolean delete(LmdbEnv.Dbi dbi, byte[] key) throws IOException {
        requireWrite();
        setKey(key);
        try {
            int rc = (int) lib.del.invokeExact(txn, dbi.handle(), keyVal, MemorySegment.NULL);
            if (rc == MDB_NOTFOUND) {
                return false;
            }
            LmdbEnv.check(lib, rc, "mdb_del(" + dbi.name() + ")");
            return true;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Deletes the database and its handle (on commit). */
    public void drop(LmdbEnv.Dbi dbi) throws IOException {
        requireWrite();
        try {
            LmdbEnv.check(lib, (int) lib.drop.invokeExact(txn, dbi.handle(), 1), "mdb_drop(" + dbi.name() + ")");
        } catch (Throwable e) {
            throw rethrow(e);
        }
        dropped.add(dbi.name());
    }

    /** Entries in the database. */
    public long entries(LmdbEnv.Dbi dbi) throws IOException {
        MemorySegment stat = arena.allocate(48, 8);
        try {
            LmdbEnv.check(lib, (int) lib.stat.invokeExact(txn, dbi.handle(), stat), "mdb_stat(" + dbi.name() + ")");
        } catch (Throwable e) {
            throw rethrow(e);
        }
        return stat.get(ValueLayout.JAVA_LONG, 32);
    }

    /** Visits every entry in key order. */
    public void forEach(LmdbEnv.Dbi dbi, EntryVisitor visitor) throws IOException {
        scan(dbi, (key, value) -> {
            visitor.visit(key, value);
            return false;
        });
    }

    /** The smallest key in byte order (a copy), or null when the database is empty. */
    public byte[] firstKey(LmdbEnv.Dbi dbi) throws IOException {
        return edgeKey(dbi, MDB_FIRST);
    }

    /** The largest key in byte order (a copy), or null when the database is empty. */
    public byte[] lastKey(LmdbEnv.Dbi dbi) throws IOException {
        return edgeKey(dbi, MDB_LAST);
    }

    private byte[] edgeKey(LmdbEnv.Dbi dbi, int op) throws IOException {
        MemorySegment cursor = openCursor(dbi);
        try {
            int rc = (int) lib.cursorGet.invokeExact(cursor, keyVal, dataVal, op);
            if (rc == MDB_NOTFOUND) {
                return null;
            }
            LmdbEnv.check(lib, rc, "mdb_cursor_get(" + dbi.name() + ")");
            return view(keyVal).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable e) {
            throw rethrow(e);
        } finally {
            closeCursor(cursor);
        }
    }

    /** Deletes every entry {@code filter} accepts; returns how many. */
    public long removeIf(LmdbEnv.Dbi dbi, EntryFilter filter) throws IOException {
        requireWrite();
        return scan(dbi, filter);
    }

    /** Decides, during {@link #removeIf}, whether to delete one entry; segments valid only during the call. */
    @FunctionalInterface
    public interface EntryFilter {
        boolean test(MemorySegment key, MemorySegment value) throws IOException;
    }

    /** Walks the database in key order, deleting the entries {@code remove} accepts; returns how many. */
    private long scan(LmdbEnv.Dbi dbi, EntryFilter remove) throws IOException {
        MemorySegment cursor = openCursor(dbi);
        long removed = 0;
        try {
            // After a delete the cursor already stands on the next entry, which MDB_NEXT then returns.
            for (int op = MDB_FIRST; ; op = MDB_NEXT) {
                int rc = (int) lib.cursorGet.invokeExact(cursor, keyVal, dataVal, op);
                if (rc == MDB_NOTFOUND) {
                    return removed;
                }
                LmdbEnv.check(lib, rc, "mdb_cursor_get(" + dbi.name() + ")");
                if (remove.test(view(keyVal), view(dataVal))) {
                    LmdbEnv.check(lib, (int) lib.cursorDel.invokeExact(cursor, 0), "mdb_cursor_del(" + dbi.name() + ")");
                    removed++;
                }
            }
        } catch (Throwable e) {
            throw rethrow(e);
        } finally {
            closeCursor(cursor);
        }
    }

    private MemorySegment openCursor(LmdbEnv.Dbi dbi) throws IOException {
        try {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            LmdbEnv.check(lib, (int) lib.cursorOpen.invokeExact(txn, dbi.handle(), out),
                    "mdb_cursor_open(" + dbi.name() + ")");
            return out.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private void closeCursor(MemorySegment cursor) {
        try {
            lib.cursorClose.invokeExact(cursor);
        } catch (Throwable e) {
            throw new IllegalStateException("mdb_cursor_close failed", e);
        }
    }

    /** Ends a read transaction (back to the environment's pool); a write transaction ends with its work. */
    @Override
    public void close() {
        if (!readOnly) {
            throw new IllegalStateException("a write transaction is committed or aborted by LmdbEnv.write");
        }
        try {
            lib.txnReset.invokeExact(txn);
        } catch (Throwable e) {
            throw new IllegalStateException("mdb_txn_reset failed", e);
        }
        env.release(this);
    }

    void renew() throws IOException {
        try {
            LmdbEnv.check(lib, (int) lib.txnRenew.invokeExact(txn), "mdb_txn_renew");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    void commit() throws IOException {
        try {
            LmdbEnv.check(lib, (int) lib.txnCommit.invokeExact(txn), "mdb_txn_commit");
        } catch (Throwable e) {
            throw rethrow(e);
        } finally {
            arena.close();
        }
    }

    void abort() {
        try {
            lib.txnAbort.invokeExact(txn);
        } catch (Throwable e) {
            throw new IllegalStateException("mdb_txn_abort failed", e);
        } finally {
            arena.close();
        }
    }

    List<String> droppedDatabases() {
        return dropped;
    }

    private void setKey(byte[] key) {
        if (key.length == 0 || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("an LMDB key must be 1 to " + MAX_KEY_BYTES + " bytes, not " + key.length);
        }
        MemorySegment.copy(key, 0, keyBuffer, ValueLayout.JAVA_BYTE, 0, key.length);
        keyVal.set(ValueLayout.JAVA_LONG, 0, key.length);
        keyVal.set(ValueLayout.ADDRESS, 8, keyBuffer);
    }

    private void requireWrite() {
        if (readOnly) {
            throw new IllegalStateException("a read transaction cannot change the database");
        }
    }

    private static MemorySegment view(MemorySegment val) {
        long size = val.get(ValueLayout.JAVA_LONG, 0);
        return val.get(ValueLayout.ADDRESS, 8).reinterpret(size);
    }

    private static IOException rethrow(Throwable e) {
        return switch (e) {
            case IOException io -> io;
            case RuntimeException runtime -> throw runtime;
            case Error error -> throw error;
            default -> new IOException(e);
        };
    }
}
