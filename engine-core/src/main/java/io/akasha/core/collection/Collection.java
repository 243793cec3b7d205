package io.akasha.core.collection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.akasha.core.AkashaException;
import io.akasha.core.filter.Filter;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.segment.Segment;

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
 * and waits for the indexes.
 */
public final class Collection {

    private final CollectionState state;
    private final CollectionWriter writer;
    private final CollectionReader reader;
    private final CollectionIndexer indexer;
    private final ExecutorService background;
    private final Journal journal;
    private final Set<Future<?>> pendingBuilds = ConcurrentHashMap.newKeySet();
    /** Shared by every call; taken exclusively only to free memory (drop, close). */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private Collection(String name, CollectionSchema schema, int segmentRows, int indexThreads,
                       ExecutorService background, Journal journal) {
        schema.vectorFields().forEach(CollectionIndexer::check);
        this.state = new CollectionState(name, schema, segmentRows);
        this.journal = journal;
        this.writer = new CollectionWriter(state, journal, this::indexInBackground, this::indexChunkInBackground);
        this.reader = new CollectionReader(state, writer.preparer());
        this.indexer = new CollectionIndexer(indexThreads);
        this.background = background;
    }

    /**
     * Creates a collection whose sealed segments are indexed on {@code background}, logging its
     * changes to {@code journal} and first applying whatever the journal already holds.
     */
    public static Collection open(String name, CollectionSchema schema, int segmentRows, int indexThreads,
                                  ExecutorService background, Journal journal) throws IOException {
        Collection collection = new Collection(name, schema, segmentRows, indexThreads, background, journal);
        collection.writer.replay();
        return collection;
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
     * Waits until every index build started so far has finished: sealed segments and the filled
     * chunks of growing ones. Searches never need this; benchmarks and tests that measure the
     * indexed state do.
     */
    public void awaitIndexing() {
        awaitBuilds();
    }

    /** Seals every growing segment and waits until every sealed segment is indexed. */
    public void flush() {
        run(() -> writer.sealAll().forEach(this::indexInBackground));
        awaitBuilds();
    }

    public CollectionInfo describe() {
        return call(() -> new CollectionInfo(state.name, state.schema, List.copyOf(state.partitions().keySet()),
                state.scalarIndexedFields.stream().sorted().map(f -> state.schema.fields().get(f).name()).toList(),
                state.liveRows.get()));
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
        awaitBuilds();
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
            segment.buildIndexes(indexer);
            state.scalarIndexedFields.forEach(segment::buildScalarIndex);
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
            pendingBuilds.add(background.submit(() -> {
                if (!closed) {
                    build.run();
                }
            }));
        } catch (RejectedExecutionException e) {
            // The engine is shutting down: the segment stays searchable by exact scan until closed.
            pendingBuilds.removeIf(Future::isDone);
        }
    }

    private void awaitBuilds() {
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
