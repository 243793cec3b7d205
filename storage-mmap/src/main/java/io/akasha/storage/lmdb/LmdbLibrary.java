package io.akasha.storage.lmdb;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The LMDB C library ({@code liblmdb.so.0}, Debian package {@code liblmdb0}) bound through the
 * FFM linker: one method handle per function we call. Loaded once, on first use; where it cannot
 * be loaded, {@link #get()} throws {@link LmdbUnavailableException} saying how to install it.
 *
 * <p>Only resetting and renewing a read transaction are bound as critical downcalls (which skip
 * the thread-state transition, saving tens of nanoseconds, but hold up safepoints while they
 * run): they touch only the lock file's reader slot and the always-resident meta pages. Lookups,
 * puts and cursor steps may fault in a cold page from disk, which must not stall the garbage
 * collector, so they are ordinary downcalls.
 */
final class LmdbLibrary {

    /** System property naming the library file or path to load instead of the default names. */
    static final String LIBRARY_PROPERTY = "akasha.lmdb.library";
    private static final List<String> DEFAULT_NAMES = List.of("liblmdb.so.0", "liblmdb.so", "liblmdb.dylib");

    private static volatile Object loaded;

    final MethodHandle envCreate;
    final MethodHandle envSetMapSize;
    final MethodHandle envSetMaxDbs;
    final MethodHandle envSetMaxReaders;
    final MethodHandle envOpen;
    final MethodHandle envClose;
    final MethodHandle strerror;
    final MethodHandle txnBegin;
    final MethodHandle txnCommit;
    final MethodHandle txnAbort;
    final MethodHandle txnReset;
    final MethodHandle txnRenew;
    final MethodHandle dbiOpen;
    final MethodHandle drop;
    final MethodHandle get;
    final MethodHandle put;
    final MethodHandle del;
    final MethodHandle stat;
    final MethodHandle cursorOpen;
    final MethodHandle cursorGet;
    final MethodHandle cursorClose;
    final MethodHandle cursorDel;

    private LmdbLibrary(SymbolLookup lookup) {
        envCreate = bind(lookup, "mdb_env_create", FunctionDescriptor.of(JAVA_INT, ADDRESS), false);
        envSetMapSize = bind(lookup, "mdb_env_set_mapsize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), false);
        envSetMaxDbs = bind(lookup, "mdb_env_set_maxdbs", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), false);
        envSetMaxReaders = bind(lookup, "mdb_env_set_maxreaders",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), false);
        envOpen = bind(lookup, "mdb_env_open", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT),
                false);
        envClose = bind(lookup, "mdb_env_close", FunctionDescriptor.ofVoid(ADDRESS), false);
        strerror = bind(lookup, "mdb_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT), false);
        txnBegin = bind(lookup, "mdb_txn_begin", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS),
                false);
        txnCommit = bind(lookup, "mdb_txn_commit", FunctionDescriptor.of(JAVA_INT, ADDRESS), false);
        txnAbort = bind(lookup, "mdb_txn_abort", FunctionDescriptor.ofVoid(ADDRESS), false);
        txnReset = bind(lookup, "mdb_txn_reset", FunctionDescriptor.ofVoid(ADDRESS), true);
        txnRenew = bind(lookup, "mdb_txn_renew", FunctionDescriptor.of(JAVA_INT, ADDRESS), true);
        dbiOpen = bind(lookup, "mdb_dbi_open", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS),
                false);
        drop = bind(lookup, "mdb_drop", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), false);
        get = bind(lookup, "mdb_get", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS), false);
        put = bind(lookup, "mdb_put", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT),
                false);
        del = bind(lookup, "mdb_del", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS), false);
        stat = bind(lookup, "mdb_stat", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), false);
        cursorOpen = bind(lookup, "mdb_cursor_open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
                false);
        cursorGet = bind(lookup, "mdb_cursor_get", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT),
                false);
        cursorClose = bind(lookup, "mdb_cursor_close", FunctionDescriptor.ofVoid(ADDRESS), false);
        cursorDel = bind(lookup, "mdb_cursor_del", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), false);
    }

    /** The loaded library; throws {@link LmdbUnavailableException} (every time) if it cannot be loaded. */
    static LmdbLibrary get() {
        Object result = loaded;
        if (result == null) {
            synchronized (LmdbLibrary.class) {
                result = loaded;
                if (result == null) {
                    String configured = System.getProperty(LIBRARY_PROPERTY);
                    result = load(configured != null ? List.of(configured) : DEFAULT_NAMES);
                    loaded = result;
                }
            }
        }
        if (result instanceof LmdbUnavailableException e) {
            throw new LmdbUnavailableException(e.getMessage(), e);
        }
        return (LmdbLibrary) result;
    }

    /** The library from the first of {@code names} that loads, or the exception saying none did. */
    static Object load(List<String> names) {
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            try {
                return new LmdbLibrary(SymbolLookup.libraryLookup(name, Arena.global()));
            } catch (IllegalArgumentException | IllegalStateException e) {
                failures.add(name + " (" + e.getMessage() + ")");
            }
        }
        return new LmdbUnavailableException("the LMDB library could not be loaded: tried " + String.join(", ", failures)
                + ". Install it (Debian/Ubuntu: apt-get install liblmdb0; Fedora: dnf install lmdb-libs; "
                + "macOS: brew install lmdb) or name the file with -D" + LIBRARY_PROPERTY + "=/path/to/liblmdb.so",
                null);
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, FunctionDescriptor descriptor,
                                     boolean critical) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new IllegalStateException("the library has no symbol " + name));
        Linker.Option[] options = critical ? new Linker.Option[] {Linker.Option.critical(false)} : new Linker.Option[0];
        return Linker.nativeLinker().downcallHandle(symbol, descriptor, options);
    }
}
