package io.akasha.core.collection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.akasha.core.AkashaException;
import io.akasha.core.filter.Filter;
import io.akasha.core.index.FlatIndexProvider;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.IndexSpec;
import io.akasha.core.segment.Segment;
import io.akasha.storage.DurableLog;

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
    private final Journal journal;
    private final Lifecycle lifecycle;
    private final BackgroundWork work;
    private final Maintenance maintenance;

    private final SchemaSaver schemaSaver;
    /** Serializes index changes: each reads the current schema and replaces it. */
    private final Object schemaChange = new Object();

    private Collection(String name, CollectionSchema schema, CollectionServices services, Journal journal,
                       SchemaSaver schemaSaver) {
        schema.vectorFields().forEach(CollectionIndexer::check);
        this.schemaSaver = schemaSaver;
        this.state = new CollectionState(name, schema, services.segmentRows());
        this.journal = journal;
        this.lifecycle = new Lifecycle(name);
        this.work = new BackgroundWork(name, lifecycle);
        // The writer reports filled segments and chunks to the maintenance, which needs the writer.
        this.writer = new CollectionWriter(state, journal, services.memoryBudget(),
                segment -> maintenance().segmentFilled(segment), (segment, chunk) -> maintenance().indexChunk(segment, chunk));
        this.reader = new CollectionReader(state, writer.preparer(),
                new SharedQueries(services.searches(), services.searchThreads()));
        this.indexer = new CollectionIndexer(services.indexThreads());
        this.maintenance = new Maintenance(state, writer, indexer, services, journal, lifecycle, work);
    }

    private Maintenance maintenance() {
        return maintenance;
    }

    /** A collection kept in memory only. */
    public static Collection inMemory(String name, CollectionSchema schema, CollectionServices services) {
        return new Collection(name, schema, services, Journal.NONE, SchemaSaver.NONE);
    }

    /**
     * Opens (or creates) a durable collection in {@code folder}: opens the sealed segments its
     * last checkpoint saved (mapped, not read; their primary keys are in the catalog), then
     * replays its write-ahead log from there.
     *
     * @param schemaSaver stores the schema when an index change replaces it
     * @throws IOException if a file is unreadable or corrupt (the message names it)
     */
    public static Collection openDurable(String name, CollectionSchema schema, CollectionServices services,
                                         Path folder, SchemaSaver schemaSaver) throws IOException {
        CollectionFiles files = new CollectionFiles(folder);
        files.upgradeSingleFileLog();
        CatalogStore catalog = services.catalog();
        // A manifest file is a restored snapshot's or predates the catalog: it is imported below.
        Manifest imported = files.readManifest();
        Manifest manifest = imported != null ? imported : catalog.manifest(name);
        if (manifest != null) {
            files.removeUnlisted(manifest);
        }
        Collection collection = new Collection(name, schema, services, Journal.of(
                DurableLog.open(files.wal(), services.durability(), services.logIo())), schemaSaver);
        try {
            collection.state.keys.useStore(catalog.keys(name));
            Map<Integer, Long> deletions = new HashMap<>();
            List<Integer> staleIndexes = new ArrayList<>();
            List<Segment> segments = List.of();
            if (manifest != null) {
                segments = SavedSegments.open(files, manifest, collection.state, collection.indexer, deletions,
                        staleIndexes);
                collection.writer.load(manifest, segments);
                for (Segment segment : segments) {
                    if (!segment.isIndexed() || !collection.state.scalarIndexedFields.isEmpty()) {
                        collection.maintenance.indexSealed(segment);
                    }
                }
            }
            Checkpointer checkpointer = new Checkpointer(collection.state, collection.writer, collection.journal, files,
                    catalog, collection.indexer, imported != null ? null : manifest, deletions);
            if (imported != null) {
                checkpointer.importManifest(imported, segments);
            }
            staleIndexes.forEach(checkpointer::forgetIndexes);
            collection.maintenance.useCheckpointer(checkpointer);
            collection.writer.replay(manifest == null ? 1 : manifest.walGeneration());
            collection.maintenance.replayed();
            return collection;
        } catch (IOException | RuntimeException e) {
            collection.close();
            throw e;
        }
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
        lifecycle.run(() -> writer.createPartition(name));
    }

    /** Drops a partition and its rows; waits for reads using it to finish before freeing it. */
    public void dropPartition(String name) {
        List<Segment> dropped = lifecycle.call(() -> writer.dropPartition(name));
        work.awaitAll();
        lifecycle.exclusively(() -> dropped.forEach(Segment::close));
    }

    public boolean hasPartition(String name) {
        return lifecycle.call(() -> state.partitions().containsKey(name));
    }

    public List<String> listPartitions() {
        return lifecycle.call(() -> List.copyOf(state.partitions().keySet()));
    }

    /**
     * Builds a scalar index on {@code fieldName} in every sealed segment, now and as segments
     * seal: equality, {@code in} and range filters on it are then answered from the index.
     * Growing segments are scanned, being small and changing.
     */
    public void createScalarIndex(String fieldName) {
        lifecycle.run(() -> writer.createScalarIndex(fieldName));
    }

    /**
     * Indexes vector field {@code fieldName} as {@code spec} from now on (Milvus's
     * {@code create_index}). The spec is checked and stored (in a data directory, durably) before
     * this returns; the sealed segments are then rewritten under it in the background, one at a
     * time, while searches go on through their old index ({@link #describeIndex} tells how far
     * that is; {@link #flush()} waits for it). Setting the spec the field already has changes nothing.
     *
     * @throws AkashaException INVALID_ARGUMENT for an unknown or non-vector field, an unknown index
     *                         type or a bad build parameter (nothing changes then)
     */
    public IndexDescription createIndex(String fieldName, IndexSpec spec) {
        return lifecycle.call(() -> {
            synchronized (schemaChange) {
                CollectionSchema current = state.schema;
                CollectionSchema changed = current.withIndex(fieldName, spec);
                Field field = changed.vectorField(fieldName);
                CollectionIndexer.check(field);
                if (!field.index().equals(current.vectorField(fieldName).index())) {
                    try {
                        schemaSaver.save(changed);
                    } catch (IOException e) {
                        throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "collection '" + state.name
                                + "': the index of field '" + fieldName + "' is unchanged: the catalog could not be "
                                + "updated: " + e.getMessage(), e);
                    }
                    state.schema = changed;
                    LOG.log(System.Logger.Level.INFO, "collection {0}: field {1} is now indexed as {2}; sealed "
                            + "segments are rebuilt in the background", state.name, fieldName, spec);
                    maintenance.indexSpecChanged();
                }
            }
            return describeIndexNow(fieldName);
        });
    }

    /**
     * Drops the vector index of {@code fieldName}: the field is searched exactly from now on
     * (the {@code flat} index), as {@link #createIndex} describes.
     */
    public IndexDescription dropIndex(String fieldName) {
        return createIndex(fieldName, IndexSpec.of(FlatIndexProvider.NAME, Map.of()));
    }

    /**
     * The index of vector field {@code fieldName} and its build progress.
     *
     * @throws AkashaException INVALID_ARGUMENT for an unknown or non-vector field
     */
    public IndexDescription describeIndex(String fieldName) {
        return lifecycle.call(() -> describeIndexNow(fieldName));
    }

    private IndexDescription describeIndexNow(String fieldName) {
        Field field = state.schema.vectorField(fieldName);
        long indexed = 0;
        long pending = 0;
        long growing = 0;
        for (Segment segment : state.segments(List.of())) {
            if (!segment.isSealed()) {
                growing += segment.rowCount();
            } else if (segment.isIndexed() && !CollectionState.indexOutdated(segment, field)) {
                indexed += segment.rowCount();
            } else {
                pending += segment.rowCount();
            }
        }
        return new IndexDescription(fieldName, field.index(), CollectionIndexer.provider(field).name(), indexed, pending,
                growing);
    }

    /**
     * Waits until the background work has finished: index builds (sealed segments and the filled
     * chunks of growing ones), checkpoints and compactions, including the work they start.
     * Searches never need this; benchmarks and tests that measure the indexed state do.
     */
    public void awaitIndexing() {
        work.awaitAll();
    }

    /**
     * Seals every growing segment and waits until every sealed segment is indexed; in a data
     * directory, also saves them to files (a checkpoint), so the log is truncated and reopening
     * replays nothing.
     */
    public void flush() {
        lifecycle.run(maintenance::sealAll);
        work.awaitAll();
    }

    /**
     * Rewrites sealed segments that are small or hold many deleted rows ({@link Compactor}):
     * merges them into new indexed segments without the deleted rows. Runs in the background
     * after checkpoints and index builds; this runs it now and returns how many new segments it
     * made. Searches go on during the copy and the index build; the swap itself waits for running
     * calls to finish (a pause as long as the longest of them), and every read sees each row
     * exactly once.
     */
    public int compact() {
        return maintenance.compact();
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
        Checkpointer checkpointer = maintenance.checkpointer();
        if (checkpointer == null) {
            throw AkashaException.invalid("collection '" + state.name + "' is in memory; snapshots need a data directory");
        }
        flush();
        lifecycle.run(() -> {
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
        return lifecycle.call(() -> state.segments(List.of()).stream().map(Segment::verify)
                .filter(java.util.Objects::nonNull).toList());
    }

    public CollectionInfo describe() {
        return lifecycle.call(() -> new CollectionInfo(state.name, state.schema, List.copyOf(state.partitions().keySet()),
                state.scalarIndexedFields.stream().sorted().map(f -> state.schema.fields().get(f).name()).toList(),
                state.liveRows.get()));
    }

    /** Bytes held in memory by this collection's segments and indexes (see {@link Segment#residentBytes()}). */
    public long residentBytes() {
        return state.segments(List.of()).stream().mapToLong(Segment::residentBytes).sum();
    }

    public CollectionStats stats() {
        return lifecycle.call(() -> {
            int growing = 0;
            int sealed = 0;
            long memory = 0;
            long segmentRows = 0;
            long indexedRows = 0;
            Map<String, Long> indexMemory = new HashMap<>();
            List<Field> fields = state.schema.fields();
            for (Segment segment : state.segments(List.of())) {
                if (segment.isSealed()) {
                    sealed++;
                } else {
                    growing++;
                }
                memory += segment.memoryBytes();
                segmentRows += segment.rowCount();
                if (segment.isIndexed()) {
                    indexedRows += segment.rowCount();
                }
                for (int f = 0; f < fields.size(); f++) {
                    long bytes = segment.indexMemoryBytes(f);
                    if (bytes > 0) {
                        indexMemory.merge(fields.get(f).name(), bytes, Long::sum);
                    }
                }
            }
            return new CollectionStats(state.liveRows.get(), growing, sealed, memory, segmentRows, indexedRows,
                    state.keys.recentSize(),
                    journal.fsyncs(), journal.fsyncNanos(), Map.copyOf(indexMemory),
                    state.searchLatency.summary(), state.insertLatency.summary(), state.queryLatency.summary(),
                    state.deleteLatency.summary());
        });
    }

    /**
     * Frees every segment and closes the journal once running calls and background work have
     * finished; later calls fail with UNAVAILABLE.
     */
    public void close() {
        lifecycle.markClosed();
        try {
            work.awaitAll();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "collection " + state.name + ": background work failed; closing anyway", e);
        }
        IOException[] failure = {null};
        lifecycle.exclusively(() -> {
            state.segments(List.of()).forEach(Segment::close);
            try {
                journal.close();
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "collection '" + state.name
                    + "': closing its log failed: " + failure[0].getMessage(), failure[0]);
        }
    }

    private WriteResult timedWrite(LatencyRecorder recorder, Supplier<WriteResult> write) {
        long start = System.nanoTime();
        WriteResult result = lifecycle.call(write);
        recorder.record(start, result.count());
        maintenance.afterWrite();
        return result;
    }

    private <T> T timed(LatencyRecorder recorder, long operations, Supplier<T> work) {
        long start = System.nanoTime();
        T result = lifecycle.call(work);
        recorder.record(start, operations);
        return result;
    }
}
