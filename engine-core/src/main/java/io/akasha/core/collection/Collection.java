package io.akasha.core.collection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.roaringbitmap.RoaringBitmap;

import io.akasha.core.AkashaException;
import io.akasha.core.filter.Filter;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.segment.DeletionsFile;
import io.akasha.core.segment.Segment;
import io.akasha.core.segment.SegmentFile;
import io.akasha.storage.DurableLog;
import io.akasha.storage.UnsupportedFormatVersionException;

/**
 * A named set of rows sharing a schema: the object embedders and the server read and write.
 * Thread-safe: any number of threads may insert, delete, get, query and search at once.
 *
 * <p><b>Consistency.</b> A write (insert, upsert, delete) is visible to every get, query and
 * search that starts after the write call returned, and a read never sees part of a batch.
 * A rejected write changes nothing.
 *
 * <p><b>Segments.</b> Rows go to the growing segment of their partition, where each filled chunk
 * of {@value Segment#CHUNK_ROWS} rows gets its own index in the background (graph indexes only;
 * the rest is scanned); when the segment holds the collection's segment size it is sealed, and
 * its vectors are compacted and indexed as a whole in the background (searches use the chunk
 * indexes and scans meanwhile). {@link #flush()} seals every growing segment
 * and waits for the indexes. Small sealed segments and segments with many deleted rows are
 * rewritten in the background ({@link #compact()}).
 *
 * <p><b>Durability</b> (in a data directory). A write returns after its log record is on the
 * device. Checkpoints (when a segment fills, when the log grows past the configured size, on
 * {@link #flush()}) save sealed segments, their deleted rows and their graphs to checksummed
 * files and truncate the log; opening maps those files and replays only the rest of the log.
 * {@link #verify()} checks every file block; {@link #snapshot(Path)} copies a checkpoint.
 */
public final class Collection {

    private static final System.Logger LOG = System.getLogger(Collection.class.getName());

    private final CollectionState state;
    private final CollectionWriter writer;
    private final CollectionReader reader;
    private final CollectionIndexer indexer;
    private final CollectionServices services;
    private final Journal journal;
    private final Set<Future<?>> pendingBuilds = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean checkpointScheduled = new AtomicBoolean();
    /** One compaction at a time: the background one after checkpoints, or {@link #compact()}. */
    private final java.util.concurrent.locks.ReentrantLock compacting = new java.util.concurrent.locks.ReentrantLock();
    private final Compactor compactor;
    /** Saves the collection to files; null in memory. */
    private Checkpointer checkpointer;
    /** Shared by every call; taken exclusively only to free memory (drop, close). */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private Collection(String name, CollectionSchema schema, CollectionServices services, Journal journal) {
        schema.vectorFields().forEach(CollectionIndexer::check);
        this.state = new CollectionState(name, schema, services.segmentRows());
        this.journal = journal;
        this.writer = new CollectionWriter(state, journal, services.memoryBudget(), this::sealedWhenFull,
                this::indexChunkInBackground);
        this.reader = new CollectionReader(state, writer.preparer());
        this.indexer = new CollectionIndexer(services.indexThreads());
        this.compactor = new Compactor(state, indexer);
        this.services = services;
    }

    /** A collection kept in memory only. */
    public static Collection inMemory(String name, CollectionSchema schema, CollectionServices services) {
        return new Collection(name, schema, services, Journal.NONE);
    }

    /**
     * Opens (or creates) a durable collection in {@code folder}: opens the sealed segments its
     * last checkpoint saved (mapped, not read), then replays its write-ahead log from there.
     *
     * @throws IOException if a file is unreadable or corrupt (the message names it)
     */
    public static Collection openDurable(String name, CollectionSchema schema, CollectionServices services,
                                         Path folder) throws IOException {
        CollectionFiles files = new CollectionFiles(folder);
        files.upgradeSingleFileLog();
        Manifest manifest = files.readManifest();
        if (manifest != null) {
            files.removeUnlisted(manifest);
        }
        Collection collection = new Collection(name, schema, services, Journal.of(
                DurableLog.open(files.wal(), services.durability(), services.logIo())));
        try {
            Map<Integer, Long> deletions = new HashMap<>();
            List<Integer> staleIndexes = new ArrayList<>();
            if (manifest != null) {
                collection.load(files, manifest, deletions, staleIndexes);
            }
            collection.checkpointer = new Checkpointer(collection.state, collection.writer, collection.journal, files,
                    collection.indexer, manifest, deletions);
            staleIndexes.forEach(collection.checkpointer::forgetIndexes);
            collection.writer.replay(manifest == null ? 1 : manifest.walGeneration());
            return collection;
        } catch (IOException | RuntimeException e) {
            collection.close();
            throw e;
        }
    }

    /** Opens the segments {@code manifest} lists, with their saved indexes (or builds in the background). */
    private void load(CollectionFiles files, Manifest manifest, Map<Integer, Long> deletions,
                      List<Integer> staleIndexes) throws IOException {
        List<Segment> segments = new ArrayList<>();
        try {
            for (Manifest.SegmentEntry entry : manifest.segments()) {
                Path folder = files.segmentFolder(entry.id());
                RoaringBitmap deleted = entry.deletions() == null ? new RoaringBitmap()
                        : DeletionsFile.read(folder.resolve(entry.deletions()), entry.rows());
                deletions.put(entry.id(), deleted.getLongCardinality());
                segments.add(SegmentFile.open(files.data(entry.id()), entry.id(), entry.partition(), state.schema, deleted));
            }
            for (int i = 0; i < segments.size(); i++) {
                Manifest.SegmentEntry entry = manifest.segments().get(i);
                if (savedIndexesCover(entry)) {
                    Path folder = files.segmentFolder(entry.id());
                    try {
                        segments.get(i).openIndexes(indexer, (field, f, scoring) -> {
                            String file = entry.indexes().get(field.name());
                            return file == null ? null : indexer.open(field, folder.resolve(file), scoring);
                        });
                    } catch (UnsupportedFormatVersionException e) {
                        // An index is derived data: one in a format this build does not read is rebuilt.
                        LOG.log(System.Logger.Level.WARNING, "{0}; rebuilding it from the segment''s vectors in the "
                                + "background", e.getMessage());
                        staleIndexes.add(entry.id());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            segments.forEach(Segment::close);
            throw e;
        }
        writer.load(manifest, segments);
        for (Segment segment : segments) {
            if (!segment.isIndexed() || !state.scalarIndexedFields.isEmpty()) {
                indexInBackground(segment);
            }
        }
    }

    /** Whether every vector field whose index kind is saved has its file listed. */
    private boolean savedIndexesCover(Manifest.SegmentEntry entry) {
        return state.schema.vectorFields().stream()
                .allMatch(field -> indexer.indexFileName(field) == null || entry.indexes().containsKey(field.name()));
    }

    public String name() {
        return state.name;
    }

    public CollectionSchema schema() {
        return state.schema;
    }

    /**
     * Inserts rows into the default partition (or the partition their partition key picks).
     * Each row maps field names to values; see {@link io.akasha.core.schema.ValueConverter} for
     * the accepted Java types.
     *
     * @throws AkashaException ALREADY_EXISTS when a primary key is taken; INVALID_ARGUMENT for any bad value
     */
    public WriteResult insert(List<Map<String, Object>> rows) {
        return insert(null, rows);
    }

    public WriteResult insert(String partition, List<Map<String, Object>> rows) {
        return timedWrite(state.insertLatency, () -> writer.write(partition, rows, false));
    }

    /** Seals segments to files in the background once the log since the last checkpoint is large. */
    private void checkpointIfLogIsLarge() {
        if (checkpointer != null && journal.bytesSinceRotation() > services.checkpointBytes()) {
            requestCheckpoint();
        }
    }

    private void requestCheckpoint() {
        if (checkpointer == null || !checkpointScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            pendingBuilds.add(services.checkpoints().submit(() -> {
                checkpointScheduled.set(false);
                if (closed) {
                    return; // closing: the log keeps everything
                }
                try {
                    call(() -> {
                        checkpoint();
                        return null;
                    });
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "collection " + state.name + ": checkpoint failed; its log is "
                            + "kept whole, so nothing is lost, and the next checkpoint tries again", e);
                }
            }));
        } catch (RejectedExecutionException e) {
            checkpointScheduled.set(false); // shutting down: the log keeps everything
        }
    }

    /** Runs a checkpoint now (caller holds the lifecycle read lock) and indexes the segments it sealed. */
    private void checkpoint() {
        try {
            checkpointer.checkpoint().forEach(this::indexInBackground);
            requestCompaction();
            requestOffload();
        } catch (IOException e) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "collection '" + state.name
                    + "': the checkpoint failed (nothing is lost: the log is kept whole): " + e.getMessage(), e);
        }
    }

    /**
     * Rewrites sealed segments that are small or hold many deleted rows ({@link Compactor}):
     * merges them into new indexed segments without the deleted rows. Runs in the background
     * after checkpoints; this runs it now and returns how many new segments it made. Searches go
     * on during the copy and the index build; the swap itself waits for running calls to finish
     * (a pause as long as the longest of them), and every read sees each row exactly once.
     */
    public int compact() {
        compacting.lock();
        try {
            return compactNow();
        } finally {
            compacting.unlock();
        }
    }

    private void requestCompaction() {
        if (compactor.plan(writer.lastSequence()).isEmpty()) {
            return;
        }
        inBackground(() -> {
            if (!compacting.tryLock()) {
                return; // one is running; the next checkpoint asks again
            }
            try {
                compactNow();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "collection " + state.name + ": compaction failed; the segments "
                        + "stay as they were", e);
            } finally {
                compacting.unlock();
            }
        });
    }

    private int compactNow() {
        if (closed) {
            return 0;
        }
        int made = 0;
        for (List<Segment> group : call(() -> compactor.plan(writer.lastSequence()))) {
            Compactor.Merged merged = call(() -> compactor.copy(group, writer.lastSequence()));
            lifecycle.writeLock().lock();
            try {
                Partition partition = state.partitions().get(group.getFirst().partition());
                if (closed || partition == null || !partition.segments().containsAll(group)) {
                    merged.segment().close(); // dropped or closed meanwhile
                    continue;
                }
                Runnable swap = () -> {
                    writer.replace(merged);
                    group.forEach(Segment::close);
                    if (merged.segment().rowCount() == 0) {
                        merged.segment().close();
                    }
                };
                if (checkpointer != null) {
                    checkpointer.exclusively(swap);
                } else {
                    swap.run();
                }
                made++;
            } finally {
                lifecycle.writeLock().unlock();
            }
        }
        if (made > 0) {
            requestCheckpoint();
        }
        return made;
    }

    /**
     * Replaces in-memory sealed segments that a checkpoint saved, with their indexes, by the same
     * segments read from those files: memory then holds the growing segments and what the page
     * cache keeps, as after a reopen. Each swap waits for running calls (like compaction's).
     */
    private void offloadSaved() {
        if (closed) {
            return;
        }
        for (Segment segment : call(() -> checkpointer.saved(state.segments(List.of())))) {
            Segment mapped;
            try {
                mapped = call(() -> {
                    try {
                        return checkpointer.openSaved(segment);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "collection " + state.name + ": segment " + segment.id()
                        + " stays in memory; its saved files could not be opened", e);
                continue;
            }
            lifecycle.writeLock().lock();
            try {
                Partition partition = state.partitions().get(segment.partition());
                if (closed || partition == null || !partition.segments().contains(segment)) {
                    mapped.close(); // dropped, compacted or closed meanwhile
                    continue;
                }
                checkpointer.exclusively(() -> {
                    writer.swapForSaved(segment, mapped);
                    segment.close();
                });
            } finally {
                lifecycle.writeLock().unlock();
            }
        }
    }

    private void requestOffload() {
        if (checkpointer != null) {
            inBackground(this::offloadSaved);
        }
    }

    /** The writer sealed a full segment: index it, and save it with a checkpoint when durable. */
    private void sealedWhenFull(Segment segment) {
        indexInBackground(segment);
        requestCheckpoint();
    }

    /** Inserts rows, replacing any row with the same primary key. */
    public WriteResult upsert(List<Map<String, Object>> rows) {
        return upsert(null, rows);
    }

    public WriteResult upsert(String partition, List<Map<String, Object>> rows) {
        return timedWrite(state.insertLatency, () -> writer.write(partition, rows, true));
    }

    /** Deletes the rows with these primary keys; returns how many existed. */
    public long delete(List<?> ids) {
        return timed(state.deleteLatency, ids == null ? 0 : ids.size(), () -> writer.delete(ids));
    }

    /** Deletes every row {@code filter} selects; returns how many. */
    public long deleteWhere(String filter) {
        if (filter == null || filter.isBlank()) {
            throw AkashaException.invalid("delete needs a filter; to delete everything, drop the collection");
        }
        Filter compiled = Filter.compile(filter, state.schema);
        return timed(state.deleteLatency, 1, () -> writer.deleteWhere(compiled));
    }

    /** The rows with these primary keys (those that exist), with the given fields (all by default). */
    public List<Map<String, Object>> get(List<?> ids, String... outputFields) {
        return timed(state.queryLatency, 1, () -> reader.get(ids, Arrays.asList(outputFields)));
    }

    public List<Map<String, Object>> query(QueryRequest request) {
        return timed(state.queryLatency, 1, () -> reader.query(request));
    }

    /** For each query vector, its hits, best first. */
    public List<List<Hit>> search(SearchRequest request) {
        return timed(state.searchLatency, request.vectors().size(), () -> reader.search(request));
    }

    public void createPartition(String name) {
        run(() -> writer.createPartition(name));
    }

    /** Drops a partition and its rows; waits for reads using it to finish before freeing it. */
    public void dropPartition(String name) {
        List<Segment> dropped = call(() -> writer.dropPartition(name));
        awaitBuilds();
        lifecycle.writeLock().lock();
        try {
            dropped.forEach(Segment::close);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    public boolean hasPartition(String name) {
        return call(() -> state.partitions().containsKey(name));
    }

    public List<String> listPartitions() {
        return call(() -> List.copyOf(state.partitions().keySet()));
    }

    /**
     * Builds a scalar index on {@code fieldName} in every sealed segment, now and as segments
     * seal: equality, {@code in} and range filters on it are then answered from the index.
     * Growing segments are scanned, being small and changing.
     */
    public void createScalarIndex(String fieldName) {
        run(() -> writer.createScalarIndex(fieldName));
    }

    /**
     * Waits until the background work has finished: index builds (sealed segments and the filled
     * chunks of growing ones), checkpoints and compactions, including the work they start.
     * Searches never need this; benchmarks and tests that measure the indexed state do.
     */
    public void awaitIndexing() {
        awaitBuilds();
    }

    /**
     * Seals every growing segment and waits until every sealed segment is indexed; in a data
     * directory, also saves them to files (a checkpoint), so the log is truncated and reopening
     * replays nothing.
     */
    public void flush() {
        run(() -> {
            if (checkpointer != null) {
                checkpoint();
            } else {
                writer.sealAll().forEach(this::indexInBackground);
            }
        });
        awaitBuilds();
    }

    /**
     * Writes a point-in-time copy of this collection into the empty collection folder
     * {@code target}: a checkpoint (so every change acknowledged before this call is in sealed
     * segment files), the indexes built, then hard links to the checkpoint's immutable files and
     * a copy of its manifest. Writes during the call go on; each is in the copy or not, whole.
     *
     * @throws AkashaException INVALID_ARGUMENT for an in-memory collection
     */
    public void snapshot(Path target) {
        if (checkpointer == null) {
            throw AkashaException.invalid("collection '" + state.name + "' is in memory; snapshots need a data directory");
        }
        flush();
        run(() -> {
            try {
                checkpointer.linkInto(target);
            } catch (IOException e) {
                throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "collection '" + state.name
                        + "': the snapshot into " + target + " failed: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Checks every block of every sealed segment file against its checksum (reads them all);
     * returns the problems found, each naming the file and offset, or an empty list.
     */
    public List<String> verify() {
        return call(() -> state.segments(List.of()).stream().map(Segment::verify).filter(java.util.Objects::nonNull)
                .toList());
    }

    public CollectionInfo describe() {
        return call(() -> new CollectionInfo(state.name, state.schema, List.copyOf(state.partitions().keySet()),
                state.scalarIndexedFields.stream().sorted().map(f -> state.schema.fields().get(f).name()).toList(),
                state.liveRows.get()));
    }

    /** Bytes held in memory by this collection's segments and indexes (see {@link Segment#residentBytes()}). */
    public long residentBytes() {
        return state.segments(List.of()).stream().mapToLong(Segment::residentBytes).sum();
    }

    public CollectionStats stats() {
        return call(() -> {
            int growing = 0;
            int sealed = 0;
            long memory = 0;
            Map<String, Long> indexMemory = new HashMap<>();
            List<Field> fields = state.schema.fields();
            for (Segment segment : state.segments(List.of())) {
                if (segment.isSealed()) {
                    sealed++;
                } else {
                    growing++;
                }
                memory += segment.memoryBytes();
                for (int f = 0; f < fields.size(); f++) {
                    long bytes = segment.indexMemoryBytes(f);
                    if (bytes > 0) {
                        indexMemory.merge(fields.get(f).name(), bytes, Long::sum);
                    }
                }
            }
            return new CollectionStats(state.liveRows.get(), growing, sealed, memory, Map.copyOf(indexMemory),
                    state.searchLatency.summary(), state.insertLatency.summary(), state.queryLatency.summary(),
                    state.deleteLatency.summary());
        });
    }

    /**
     * Frees every segment and closes the journal once running calls have finished; later calls
     * fail with UNAVAILABLE.
     */
    public void close() {
        closed = true;
        try {
            awaitBuilds();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "collection " + state.name + ": a background build failed; closing anyway", e);
        }
        lifecycle.writeLock().lock();
        try {
            state.segments(List.of()).forEach(Segment::close);
            journal.close();
        } catch (IOException e) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "collection '" + state.name
                    + "': closing its log failed: " + e.getMessage(), e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void indexInBackground(Segment segment) {
        inBackground(() -> {
            if (!segment.isIndexed()) {
                segment.buildIndexes(indexer);
            }
            state.scalarIndexedFields.forEach(segment::buildScalarIndex);
            requestCompaction(); // a small sealed segment becomes a candidate once indexed
            if (checkpointer != null) {
                try {
                    checkpointer.saveIndexes(segment);
                    requestOffload();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "collection " + state.name + ": the index of segment "
                            + segment.id() + " could not be saved; it is rebuilt when the collection next opens", e);
                }
            }
        });
    }

    private void indexChunkInBackground(Segment segment, int chunk) {
        inBackground(() -> {
            if (!segment.isSealed()) {
                segment.indexChunk(chunk, indexer);
            }
        });
    }

    private void inBackground(Runnable build) {
        try {
            pendingBuilds.add(services.indexing().submit(() -> {
                if (!closed) {
                    build.run();
                }
            }));
        } catch (RejectedExecutionException e) {
            // The engine is shutting down: the segment stays searchable by exact scan until closed.
            pendingBuilds.removeIf(Future::isDone);
        }
    }

    /** Waits for the background work started so far, and the work it starts, until none is left. */
    private void awaitBuilds() {
        while (!pendingBuilds.isEmpty()) {
            awaitStarted();
        }
    }

    private void awaitStarted() {
        for (Future<?> build : new ArrayList<>(pendingBuilds)) {
            try {
                build.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "interrupted while waiting for "
                        + "collection '" + state.name + "' to finish indexing", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("indexing a segment of collection '" + state.name + "' failed",
                        e.getCause());
            } finally {
                pendingBuilds.remove(build);
            }
        }
    }

    private WriteResult timedWrite(LatencyRecorder recorder, Supplier<WriteResult> write) {
        long start = System.nanoTime();
        WriteResult result = call(write);
        recorder.record(start, result.count());
        checkpointIfLogIsLarge();
        return result;
    }

    private <T> T timed(LatencyRecorder recorder, long operations, Supplier<T> work) {
        long start = System.nanoTime();
        T result = call(work);
        recorder.record(start, operations);
        return result;
    }

    private void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    private <T> T call(Supplier<T> work) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "collection '" + state.name
                        + "' was dropped or its engine closed");
            }
            return work.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }
}
