package io.akasha.storage.lmdb;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An LMDB environment (a directory holding {@code data.mdb} and {@code lock.mdb}): named
 * databases, one write transaction at a time, and any number of concurrent read transactions,
 * each a consistent snapshot of the last commit.
 *
 * <p>Threads: write transactions run on one platform thread owned by the environment
 * ({@link #write}), because LMDB's writer lock is a pthread mutex that must be released by the
 * thread that took it, and a virtual thread may change carrier between two calls. Read
 * transactions ({@link #read}) are tied to their object, not to a thread (the environment is
 * opened with {@code MDB_NOTLS}), and are pooled: a finished one is reset and renewed for the
 * next reader, which keeps its reader slot and costs no system call.
 *
 * <p>Durability: a commit returns after LMDB has forced the data and meta pages to the device,
 * so a committed transaction survives a crash and an interrupted one leaves the previous state.
 */
public final class LmdbEnv implements AutoCloseable {

    private static final int MDB_NOTLS = 0x200000;
    private static final int MDB_NORDAHEAD = 0x800000;
    private static final int MDB_RDONLY = 0x20000;
    private static final int MDB_CREATE = 0x40000;

    /**
     * Sizes of an environment.
     *
     * @param mapSize    bytes of address space reserved for the data file (it grows on disk only as used)
     * @param maxDbs     named databases that may exist
     * @param maxReaders read transactions that may be open at once
     */
    public record Options(long mapSize, int maxDbs, int maxReaders) {

        /** 64 GiB of map, 4,096 named databases, 1,024 readers. */
        public static Options defaults() {
            return new Options(64L << 30, 4096, 1024);
        }
    }

    private final LmdbLibrary lib;
    private final Path directory;
    private final MemorySegment env;
    private final ExecutorService writer;
    private final Thread writerThread;
    private final ConcurrentHashMap<String, Dbi> databases = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<LmdbTxn> idleReaders = new ConcurrentLinkedQueue<>();
    private final AtomicInteger activeReaders = new AtomicInteger();
    private volatile boolean closed;

    /** A named database's handle, valid while the environment is open (until it is dropped). */
    public record Dbi(String name, int handle) {
    }

    /** Work in a write transaction: committed if it returns, aborted if it throws. */
    @FunctionalInterface
    public interface WriteWork<T> {
        T run(LmdbTxn txn) throws IOException;
    }

    private LmdbEnv(LmdbLibrary lib, Path directory, MemorySegment env) {
        this.lib = lib;
        this.directory = directory;
        this.env = env;
        Thread[] thread = new Thread[1];
        this.writer = Executors.newSingleThreadExecutor(runnable -> {
            thread[0] = Thread.ofPlatform().name("akasha-lmdb-writer-" + directory.getFileName()).daemon(true)
                    .unstarted(runnable);
            return thread[0];
        });
        try {
            writer.submit(() -> { }).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("the LMDB writer thread did not start", e);
        }
        this.writerThread = thread[0];
    }

    /**
     * Opens (creating if needed) the environment in {@code directory}, which is created too.
     *
     * @throws LmdbUnavailableException if the LMDB library is not installed
     */
    public static LmdbEnv open(Path directory, Options options) throws IOException {
        LmdbLibrary lib = LmdbLibrary.get();
        Files.createDirectories(directory);
        MemorySegment env;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            check(lib, (int) lib.envCreate.invokeExact(out), "mdb_env_create");
            env = out.get(ValueLayout.ADDRESS, 0);
            try {
                check(lib, (int) lib.envSetMapSize.invokeExact(env, options.mapSize()), "mdb_env_set_mapsize");
                check(lib, (int) lib.envSetMaxDbs.invokeExact(env, options.maxDbs()), "mdb_env_set_maxdbs");
                check(lib, (int) lib.envSetMaxReaders.invokeExact(env, options.maxReaders()), "mdb_env_set_maxreaders");
                MemorySegment path = arena.allocateFrom(directory.toString());
                check(lib, (int) lib.envOpen.invokeExact(env, path, MDB_NOTLS | MDB_NORDAHEAD, 0644),
                        "mdb_env_open(" + directory + ")");
            } catch (IOException | RuntimeException e) {
                lib.envClose.invokeExact(env);
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("LMDB downcall failed", e);
        }
        return new LmdbEnv(lib, directory, env);
    }

    /** The directory holding the environment's files. */
    public Path directory() {
        return directory;
    }

    /** The named database {@code name}, created (in its own committed transaction) if it does not exist. */
    public Dbi database(String name) throws IOException {
        Dbi known = databases.get(name);
        if (known != null) {
            return known;
        }
        // Opened in a write transaction so that creating it commits, and so that opens never race.
        return write(txn -> databases.computeIfAbsent(name, n -> txn.openDatabase(n, MDB_CREATE)));
    }

    /**
     * Runs {@code work} in a write transaction on the environment's writer thread and commits it
     * (forced to the device) before returning; aborts it if {@code work} throws.
     */
    public <T> T write(WriteWork<T> work) throws IOException {
        ensureOpen();
        if (Thread.currentThread() == writerThread) {
            throw new IllegalStateException("nested LMDB write transaction");
        }
        Future<T> result = writer.submit(() -> {
            LmdbTxn txn = LmdbTxn.begin(this, lib, 0);
            try {
                T value = work.run(txn);
                txn.commit();
                txn.droppedDatabases().forEach(databases::remove);
                return value;
            } catch (Throwable e) {
                txn.abort();
                throw e;
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for an LMDB commit in " + directory, e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    /**
     * A read transaction: a snapshot of the last commit, usable from any thread (one at a time).
     * Close it promptly: an open reader keeps the pages it sees from being reused.
     */
    public LmdbTxn read() throws IOException {
        ensureOpen();
        LmdbTxn txn = idleReaders.poll();
        if (txn == null) {
            txn = LmdbTxn.begin(this, lib, MDB_RDONLY);
        } else {
            txn.renew();
        }
        activeReaders.incrementAndGet();
        return txn;
    }

    /** Called by a read transaction's close: back to the pool. */
    void release(LmdbTxn reader) {
        activeReaders.decrementAndGet();
        if (closed) {
            reader.abort();
        } else {
            idleReaders.offer(reader);
        }
    }

    MemorySegment handle() {
        return env;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the LMDB environment in " + directory + " is closed");
        }
    }

    /**
     * Closes the environment. Every read transaction must have been closed (an open one would
     * read unmapped memory), so this fails if one is still open.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (activeReaders.get() != 0) {
            throw new IllegalStateException(activeReaders.get() + " LMDB read transaction(s) still open in " + directory);
        }
        closed = true;
        writer.close();
        for (LmdbTxn txn; (txn = idleReaders.poll()) != null; ) {
            txn.abort();
        }
        try {
            lib.envClose.invokeExact(env);
        } catch (Throwable e) {
            throw new IllegalStateException("mdb_env_close failed", e);
        }
    }

    static void check(LmdbLibrary lib, int rc, String operation) throws LmdbException {
        if (rc != 0) {
            String message;
            try {
                message = ((MemorySegment) lib.strerror.invokeExact(rc)).reinterpret(1024).getString(0);
            } catch (Throwable e) {
                message = "error " + rc;
            }
            throw new LmdbException(operation, rc, message);
        }
    }
}
