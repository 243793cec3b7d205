package io.akasha.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.akasha.core.collection.CatalogStore;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.CollectionInfo;
import io.akasha.core.collection.CollectionServices;
import io.akasha.core.collection.MemoryBudget;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Names;
import io.akasha.storage.CorruptFileException;
import io.akasha.storage.DirectoryLock;
import io.akasha.storage.DurableFiles;

/**
 * The engine an application embeds: a set of named collections, in memory
 * ({@link #inMemory()}) or in a data directory ({@link #open(Path)}).
 *
 * <pre>{@code
 * try (Akasha akasha = Akasha.open(Path.of("data"))) {
 *     Collection docs = akasha.createCollection("docs", schema);
 *     docs.insert(rows);
 *     List<List<Hit>> hits = docs.search(SearchRequest.builder().vector(q).limit(10).filter("year > 2000").build());
 * }
 * }</pre>
 *
 * <p><b>Durability.</b> In a data directory, every change a call makes is in the collection's
 * write-ahead log, forced to the device, before the call returns (concurrent writers share
 * fsyncs; {@link AkashaOptions#durability()} can relax this to an interval). Checkpoints save
 * sealed segments to checksummed files and truncate the log; reopening maps those files and
 * replays only the log since. An acknowledged write survives a crash. The directory is locked
 * while open. Layout: {@code LOCK}, {@code catalog/} (an LMDB environment: collections, schemas,
 * checkpoint manifests and primary keys), and per collection {@code collections/<name>/} with
 * {@code wal/} and {@code segments/} (see ARCHITECTURE.md).
 *
 * <p>Thread-safe. {@link #close()} frees every collection's memory and files and stops the
 * engine's threads.
 */
public final class Akasha implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Akasha.class.getName());
    private static final String COLLECTIONS = "collections";

    private final AkashaOptions options;
    private final Path directory;
    private final DirectoryLock lock;
    private final Catalog catalog;
    private final Map<String, Collection> collections = new ConcurrentHashMap<>();
    private final ExecutorService background;
    private final ExecutorService checkpoints;
    /** Threads that share multi-vector searches with their callers; null when there are none. */
    private final ExecutorService searches;
    private final CollectionServices services;
    private volatile boolean closed;

    private Akasha(AkashaOptions options, Path directory, DirectoryLock lock, Catalog catalog) {
        this.options = options;
        this.directory = directory;
        this.lock = lock;
        this.catalog = catalog;
        this.background = daemonPool("akasha-index-", options.indexThreads());
        this.checkpoints = daemonPool("akasha-checkpoint-", 1);
        this.searches = options.searchThreads() == 0 ? null : daemonPool("akasha-search-", options.searchThreads());
        this.services = new CollectionServices(options.segmentRows(), options.indexThreads(), options.checkpointBytes(),
                background, checkpoints, options.durability(), options.logIo(),
                new MemoryBudget(options.memoryBudgetBytes(), this::residentBytes),
                catalog == null ? null : catalog.store(), searches, options.searchThreads());
    }

    /** A fixed pool of daemon threads named {@code prefix} and a number. */
    private static ExecutorService daemonPool(String prefix, int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, prefix + count.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** An engine that keeps everything in memory, with default options. */
    public static Akasha inMemory() {
        return inMemory(AkashaOptions.defaults());
    }

    public static Akasha inMemory(AkashaOptions options) {
        return new Akasha(options, null, null, null);
    }

    /** Opens (or creates) a data directory with default options. */
    public static Akasha open(Path directory) {
        return open(directory, AkashaOptions.defaults());
    }

    /**
     * Opens (or creates) a data directory, locks it and replays every collection's log.
     *
     * @throws AkashaException UNAVAILABLE if the directory is in use, not writable or unreadable
     */
    public static Akasha open(Path directory, AkashaOptions options) {
        Path root = directory.toAbsolutePath().normalize();
        DirectoryLock lock;
        try {
            lock = DirectoryLock.acquire(root);
        } catch (IOException e) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, e.getMessage(), e);
        }
        Akasha akasha = null;
        Catalog catalog = null;
        try {
            catalog = Catalog.open(root);
            akasha = new Akasha(options, root, lock, catalog);
            akasha.removeOrphans();
            for (Map.Entry<String, CollectionSchema> entry : akasha.catalog.collections().entrySet()) {
                akasha.collections.put(entry.getKey(), akasha.openCollection(entry.getKey(), entry.getValue()));
            }
            catalog.finishImport();
            return akasha;
        } catch (IOException | RuntimeException e) {
            if (akasha != null) {
                akasha.close();
            } else {
                if (catalog != null) {
                    closeQuietly(catalog, e);
                }
                closeQuietly(lock, e);
            }
            if (e instanceof AkashaException known) {
                throw known;
            }
            throw new AkashaException(e instanceof CorruptFileException ? AkashaException.ErrorCode.DATA_LOSS
                    : AkashaException.ErrorCode.UNAVAILABLE, "cannot open data directory " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a collection (durably, in a data directory: its log and the catalog are on the
     * device when this returns).
     *
     * @throws AkashaException ALREADY_EXISTS if the name is taken; INVALID_ARGUMENT for a bad name or index spec
     */
    public synchronized Collection createCollection(String name, CollectionSchema schema) {
        checkOpen();
        Names.check("collection", name);
        if (collections.containsKey(name)) {
            throw AkashaException.alreadyExists("collection '" + name + "' already exists");
        }
        if (directory == null) {
            Collection created = openInMemory(name, schema);
            collections.put(name, created);
            return created;
        }
        Collection created = null;
        try {
            DurableFiles.deleteRecursively(collectionDirectory(name));
            Files.createDirectories(collectionDirectory(name));
            created = openCollection(name, schema);
            catalog.put(name, schema);
            collections.put(name, created);
            return created;
        } catch (IOException | RuntimeException e) {
            if (created != null) {
                created.close();
            }
            try {
                DurableFiles.deleteRecursively(collectionDirectory(name));
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof AkashaException known) {
                throw known;
            }
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "cannot create collection '" + name
                    + "' in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Bytes the engine's collections hold in memory (what the memory budget limits). */
    public long residentBytes() {
        return collections.values().stream().mapToLong(Collection::residentBytes).sum();
    }

    /** The collection called {@code name}. @throws AkashaException NOT_FOUND if there is none */
    public Collection collection(String name) {
        checkOpen();
        Collection collection = collections.get(name);
        if (collection == null) {
            throw AkashaException.notFound("no collection '" + name + "'");
        }
        return collection;
    }

    public boolean hasCollection(String name) {
        checkOpen();
        return collections.containsKey(name);
    }

    /** Collection names, sorted. */
    public List<String> listCollections() {
        checkOpen();
        return collections.keySet().stream().sorted().toList();
    }

    /**
     * Writes a snapshot of collection {@code name} as a new data directory at {@code target}
     * (which must not exist): its catalog names just that collection, whose sealed segment files
     * are hard links to this directory's (they never change once written) and whose manifest
     * is a checkpoint taken by this call. Open it with {@link #open(Path)} after
     * {@link #restore}, or directly.
     *
     * @throws AkashaException INVALID_ARGUMENT in memory or when {@code target} exists; NOT_FOUND for an unknown collection
     */
    public void snapshot(String name, Path target) {
        Collection collection = collection(name);
        if (directory == null) {
            throw AkashaException.invalid("snapshots need a data directory; this engine is in memory");
        }
        Path root = target.toAbsolutePath().normalize();
        if (Files.exists(root)) {
            throw AkashaException.invalid("snapshot target " + root + " already exists; give a new path");
        }
        try {
            Files.createDirectories(root.resolve(COLLECTIONS));
            collection.snapshot(root.resolve(COLLECTIONS).resolve(name));
            Catalog.writeFile(root, Map.of(name, collection.schema()));
            DurableFiles.forceDirectory(root.resolve(COLLECTIONS));
            DurableFiles.forceDirectory(root);
        } catch (IOException e) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "cannot write the snapshot of '" + name
                    + "' to " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores a snapshot (or any closed data directory) into a new data directory
     * {@code target}: immutable segment files are hard-linked (copied across file systems), the
     * rest copied. The snapshot is left as it was.
     *
     * @throws AkashaException INVALID_ARGUMENT when {@code target} exists or {@code snapshot} is not a data directory
     */
    public static void restore(Path snapshot, Path target) {
        Path from = snapshot.toAbsolutePath().normalize();
        Path to = target.toAbsolutePath().normalize();
        Path liveCatalog = from.resolve(CatalogStore.FOLDER).resolve("data.mdb");
        if (!Files.isRegularFile(from.resolve(Catalog.FILE_NAME)) && !Files.isRegularFile(liveCatalog)) {
            throw AkashaException.invalid(from + " is not a snapshot or data directory: it has neither "
                    + Catalog.FILE_NAME + " nor " + from.relativize(liveCatalog));
        }
        if (Files.exists(to)) {
            throw AkashaException.invalid("restore target " + to + " already exists; give a new path");
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path relative = from.relativize(source);
                Path copy = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else if (relative.toString().equals(DirectoryLock.FILE_NAME)
                        || relative.equals(Path.of(CatalogStore.FOLDER, "lock.mdb"))) {
                    // Lock files describe the processes that had the directory open, not its data.
                    continue;
                } else if (immutable(relative)) {
                    DurableFiles.linkOrCopy(source, copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        } catch (IOException e) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "cannot restore " + from + " into " + to
                    + ": " + e.getMessage(), e);
        }
        // Make the copy durable before anyone relies on it: every file, then every folder.
        try (Stream<Path> walk = Files.walk(to)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(path)) {
                    DurableFiles.forceDirectory(path);
                } else {
                    DurableFiles.force(path);
                }
            }
        } catch (IOException e) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "cannot force the restored copy in " + to
                    + " to the device: " + e.getMessage(), e);
        }
    }

    /** Whether a data-directory file never changes once written: everything under a collection's segments folder. */
    private static boolean immutable(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals("segments")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks every sealed segment file of every collection against its block checksums (reads
     * every byte). Returns the problems by collection, each naming the file and offset; empty
     * when everything is intact.
     */
    public Map<String, List<String>> verify() {
        checkOpen();
        Map<String, List<String>> problems = new java.util.TreeMap<>();
        collections.forEach((name, collection) -> {
            List<String> found = collection.verify();
            if (!found.isEmpty()) {
                problems.put(name, found);
            }
        });
        return problems;
    }

    public CollectionInfo describeCollection(String name) {
        return collection(name).describe();
    }

    /** Drops a collection, its data and files, once calls running on it have finished. */
    public synchronized void dropCollection(String name) {
        checkOpen();
        Collection removed = collections.get(name);
        if (removed == null) {
            throw AkashaException.notFound("no collection '" + name + "'");
        }
        try {
            if (catalog != null) {
                catalog.remove(name);
            }
        } catch (IOException e) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "cannot drop collection '" + name
                    + "': the catalog could not be updated: " + e.getMessage(), e);
        }
        collections.remove(name);
        removed.close();
        if (directory != null) {
            try {
                DurableFiles.deleteRecursively(collectionDirectory(name));
            } catch (IOException e) {
                // The catalog no longer names it: the next open removes what is left.
                LOG.log(System.Logger.Level.WARNING, "collection {0} is dropped, but its files could not all be "
                        + "deleted ({1}); they will be removed when the directory is next opened", name, e.getMessage());
            }
        }
    }

    /** Closes every collection, stops the background threads and unlocks the directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (Collection collection : collections.values()) {
            try {
                collection.close();
            } catch (RuntimeException e) {
                // Keep closing the others and unlock the directory; report the first failure.
                failure = firstFailure(failure, e);
            }
        }
        collections.clear();
        for (ExecutorService pool : searches == null ? List.of(checkpoints, background)
                : List.of(checkpoints, background, searches)) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (catalog != null) {
            try {
                catalog.close();
            } catch (RuntimeException e) {
                failure = firstFailure(failure, e);
            }
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                UncheckedIOException unlock = new UncheckedIOException("cannot unlock " + directory, e);
                if (failure != null) {
                    unlock.addSuppressed(failure);
                }
                throw unlock;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Collection openInMemory(String name, CollectionSchema schema) {
        return Collection.inMemory(name, schema, services);
    }

    private Collection openCollection(String name, CollectionSchema schema) throws IOException {
        return Collection.openDurable(name, schema, services, collectionDirectory(name),
                changed -> catalog.update(name, changed));
    }

    private Path collectionDirectory(String name) {
        return directory.resolve(COLLECTIONS).resolve(name);
    }

    /** Deletes collection folders the catalog does not name: left by a crash during a create or drop. */
    private void removeOrphans() throws IOException {
        Path folder = directory.resolve(COLLECTIONS);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : children.toList()) {
                if (!catalog.collections().containsKey(child.getFileName().toString())) {
                    LOG.log(System.Logger.Level.WARNING, "removing {0}: no collection of that name is in the catalog "
                            + "(left by a create or drop that did not finish)", child);
                    DurableFiles.deleteRecursively(child);
                }
            }
        }
    }

    /** {@code first}, with {@code next} attached, or {@code next} when it is the first. */
    private static RuntimeException firstFailure(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static void closeQuietly(AutoCloseable resource, Exception failure) {
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "the engine is closed");
        }
    }
}
