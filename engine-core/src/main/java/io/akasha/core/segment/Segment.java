package io.akasha.core.segment;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.roaringbitmap.RoaringBitmap;

import io.akasha.core.index.SearchOptions;
import io.akasha.core.index.VectorIndex;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.search.SearchResult;
import io.akasha.core.search.TopK;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.AkashaException;
import io.akasha.storage.CorruptFileException;
import io.akasha.storage.SectionedFile;

/**
 * A set of rows of one partition, stored column by column: a scalar {@link Column} or a
 * {@link VectorColumn} per field, the dynamic field, and {@link RowVersions} for snapshot reads.
 *
 * <p>A segment starts <em>growing</em>: the collection's writer appends rows (and marks rows
 * deleted) and publishes them by advancing the collection's write sequence; searches scan its
 * vectors exactly. When it reaches its capacity it is <em>sealed</em>: no more appends, its
 * vectors are compacted into contiguous memory and indexed per the field's index spec, and
 * scalar indexes may be built. Deletes still apply to sealed segments.
 *
 * <p><b>Plan.</b> A search with a filter scores only the rows that pass when they are fewer than
 * the index's {@link VectorIndex#bitmapPlanBreakEven()} of the segment, and otherwise lets the
 * index search with the filter; growing segments, which have no index yet, score the passing rows.
 */
public final class Segment implements AutoCloseable {

    /** Rows per chunk of a growing segment: each filled chunk may get an index of its own. */
    public static final int CHUNK_ROWS = Chunks.ROWS;

    private final int id;
    private final String partition;
    private final CollectionSchema schema;
    private final int capacity;
    private final Column[] columns;
    private final VectorColumn[] vectors;
    private final ObjectColumn dynamic;
    private final RowVersions versions;
    private final Map<Integer, ScalarIndex> scalarIndexes = new ConcurrentHashMap<>();
    /** The data file a sealed segment is read from, or null while its rows are in memory. */
    private final SectionedFile file;
    private volatile int rowCount;
    private volatile boolean sealed;
    private volatile VectorIndex[] indexes;

    public Segment(int id, String partition, CollectionSchema schema, int capacity) {
        this.id = id;
        this.partition = partition;
        this.schema = schema;
        this.capacity = capacity;
        List<Field> fields = schema.fields();
        this.columns = new Column[fields.size()];
        this.vectors = new VectorColumn[fields.size()];
        for (int f = 0; f < fields.size(); f++) {
            Field field = fields.get(f);
            if (field.isVector()) {
                vectors[f] = new VectorColumn(field.dimension(), field.metric(), capacity);
            } else {
                columns[f] = Column.of(field.type(), field.nullable(), capacity);
            }
        }
        this.dynamic = schema.dynamicField() ? new ObjectColumn(true, capacity) : null;
        this.versions = new RowVersions(capacity);
        this.file = null;
    }

    /** A sealed segment read in place from its data file ({@link SegmentFile#open}). */
    Segment(int id, String partition, CollectionSchema schema, int rows, Column[] columns, VectorColumn[] vectors,
            ObjectColumn dynamic, RowVersions versions, SectionedFile file) {
        this.id = id;
        this.partition = partition;
        this.schema = schema;
        this.capacity = rows;
        this.columns = columns;
        this.vectors = vectors;
        this.dynamic = dynamic;
        this.versions = versions;
        this.file = file;
        this.rowCount = rows;
        this.sealed = true;
    }

    public CollectionSchema schema() {
        return schema;
    }

    /** The data file this segment is read from, or null when its rows are in memory. */
    public SectionedFile file() {
        return file;
    }

    public int id() {
        return id;
    }

    public String partition() {
        return partition;
    }

    /** Rows appended so far (visible or not to a given snapshot). */
    public int rowCount() {
        return rowCount;
    }

    public boolean isFull() {
        return rowCount >= capacity;
    }

    public boolean isSealed() {
        return sealed;
    }

    /** The column of scalar field number {@code field} (schema order). */
    public Column column(int field) {
        return columns[field];
    }

    public VectorColumn vectors(int field) {
        return vectors[field];
    }

    /** The vector of {@code row} in field {@code field}, as inserted (checked against its file's checksums first). */
    public float[] vector(int field, int row) {
        checkVectorBlocks(field);
        return vectors[field].get(row);
    }

    /**
     * For a segment read from a file: verifies the blocks holding the field's vectors the first
     * time they are used (later calls cost a map lookup), so damaged vectors are never scored.
     *
     * @throws AkashaException DATA_LOSS naming the file and the damaged block's offset
     */
    private void checkVectorBlocks(int field) {
        if (file == null) {
            return;
        }
        try {
            file.checkedSection(field, SegmentFormat.RAW);
            if (vectors[field].metric().normalizesVectors()) {
                file.checkedSection(field, SegmentFormat.UNIT);
            }
        } catch (CorruptFileException e) {
            throw new AkashaException(AkashaException.ErrorCode.DATA_LOSS, e.getMessage(), e);
        }
    }

    /**
     * Checks every block of this segment's data file and saved index files; returns the first
     * problem, or null when they are intact or the segment is in memory.
     */
    public String verify() {
        try {
            if (file != null) {
                file.verify();
            }
            VectorIndex[] built = indexes;
            for (int f = 0; built != null && f < built.length; f++) {
                if (built[f] != null) {
                    built[f].verify();
                }
            }
            return null;
        } catch (CorruptFileException e) {
            return e.getMessage();
        }
    }

    /** The dynamic field's column (JSON objects), or null when the schema has none. */
    public ObjectColumn dynamicColumn() {
        return dynamic;
    }

    public ScalarIndex scalarIndex(int field) {
        return scalarIndexes.get(field);
    }

    /**
     * Appends a row (writer only). {@code values} holds each field's stored value in schema
     * order (a {@code float[]} for vector fields); {@code dynamicValues} the undeclared keys or null.
     */
    public int append(Object[] values, Map<String, Object> dynamicValues, long seq) {
        int row = rowCount;
        if (sealed || row >= capacity) {
            throw new IllegalStateException("segment " + id + " is sealed or full");
        }
        for (int f = 0; f < values.length; f++) {
            if (vectors[f] != null) {
                vectors[f].append(row, (float[]) values[f]);
            } else {
                columns[f].append(row, values[f]);
            }
        }
        if (dynamic != null) {
            dynamic.append(row, dynamicValues == null || dynamicValues.isEmpty() ? null : dynamicValues);
        }
        versions.insert(row, seq);
        rowCount = row + 1;
        return row;
    }

    /** Marks {@code row} deleted as of write {@code seq} (writer only). */
    public void delete(int row, long seq) {
        versions.delete(row, seq);
    }


    /** The sequence that inserted {@code row} (0 for rows read from a file). */
    public long insertedAt(int row) {
        return versions.insertedAt(row);
    }

    /** The sequence that deleted {@code row}, or 0 while it is live. */
    public long deletedAt(int row) {
        return versions.deletedAt(row);
    }

    /** The rows deleted at or before {@code snapshot} (what a checkpoint saves). */
    public RoaringBitmap deletedRows(long snapshot) {
        return versions.deletedRows(rowCount, snapshot);
    }

    public boolean visible(int row, long snapshot) {
        return row < rowCount && versions.visible(row, snapshot);
    }

    /** The rows a reader at {@code snapshot} sees. */
    public RoaringBitmap visibleRows(long snapshot) {
        RoaringBitmap rows = new RoaringBitmap();
        int n = rowCount;
        if (versions.noDeletions()) {
            // The common case needs no scan: the visible rows are the prefix inserted by the snapshot.
            rows.add(0L, versions.insertedPrefix(n, snapshot));
            return rows;
        }
        int runStart = -1;
        for (int row = 0; row < n; row++) {
            boolean visible = versions.visible(row, snapshot);
            if (visible && runStart < 0) {
                runStart = row;
            } else if (!visible && runStart >= 0) {
                rows.add((long) runStart, row);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            rows.add((long) runStart, n);
        }
        return rows;
    }

    /**
     * The top {@code k} rows of vector field {@code field} for {@code query}, among the rows
     * visible at {@code snapshot} and, when {@code allowed} is not null, in {@code allowed}
     * (which must hold only visible rows), within {@code window}.
     *
     * @param parameters search parameters for the field's index, already validated
     * @param plan       how to use {@code allowed} (ignored without it)
     */
    public SearchResult search(int field, float[] query, int k, RoaringBitmap allowed, long snapshot,
                               ScoreWindow window, Map<String, Object> parameters, FilterPlan plan) {
        checkVectorBlocks(field);
        VectorColumn column = vectors[field];
        VectorIndex[] built = indexes;
        int rows = rowCount;
        TopK top = new TopK(k);
        double passing = allowed == null ? 1 : (double) allowed.getLongCardinality() / Math.max(rows, 1);
        boolean bitmapPlan = switch (plan) {
            case BITMAP -> true;
            case INDEX -> false;
            case AUTO -> built == null || allowed == null || passing < built[field].bitmapPlanBreakEven();
        };
        if (allowed != null && bitmapPlan) {
            float[] prepared = column.metric().prepareQuery(query);
            column.read(storage -> {
                ExactScan.bitmapRows(storage, column.metric(), prepared, allowed, top, window);
                return null;
            });
            return top.drain();
        }
        RowFilter filter = allowed == null ? row -> versions.visible(row, snapshot)
                : built != null && !built[field].testsManyRows(passing) ? allowed::contains : DenseRows.of(allowed, rows);
        if (built == null) {
            float[] prepared = column.metric().prepareQuery(query);
            column.read(storage -> {
                searchGrowing(column, storage, query, prepared, rows, top, window, filter, parameters);
                return null;
            });
            return top.drain();
        }
        return column.read(storage -> built[field].search(query, k, new SearchOptions(filter, window, parameters,
                passing)));
    }

    /**
     * A growing segment chunk by chunk: filled chunks that have their own index are searched
     * through it, the others (the chunk still filling, chunks not indexed yet) are scanned.
     */
    private static void searchGrowing(VectorColumn column, VectorColumn.Storage storage, float[] query,
                                      float[] prepared, int rows, TopK top, ScoreWindow window, RowFilter filter,
                                      Map<String, Object> parameters) {
        for (int first = 0, chunk = 0; first < rows; first += CHUNK_ROWS, chunk++) {
            int end = Math.min(rows, first + CHUNK_ROWS);
            VectorIndex index = end - first == CHUNK_ROWS ? column.chunkIndex(chunk) : null;
            if (index == null) {
                ExactScan.rowRange(storage, column.metric(), prepared, first, end, top, window, filter);
                continue;
            }
            int base = first;
            SearchResult found = index.search(query, top.capacity(),
                    new SearchOptions(row -> filter.accept(base + row), window, parameters));
            for (int i = 0; i < found.size(); i++) {
                top.offer(found.scores()[i], base + found.ids()[i]);
            }
        }
    }

    /** Builds the index of filled chunk {@code chunk} of every vector field that has a graph index. */
    public void indexChunk(int chunk, SegmentIndexer indexer) {
        for (int f = 0; f < vectors.length; f++) {
            Field field = schema.fields().get(f);
            if (vectors[f] != null && indexer.indexesChunks(field)) {
                vectors[f].indexChunk(chunk, scoring -> indexer.build(field, scoring));
            }
        }
    }

    /** Stops appends: the writer calls this when the segment is full, before starting the next one. */
    public void seal() {
        sealed = true;
    }

    /**
     * Builds each vector field's index over a contiguous copy of its vectors (possibly slow: runs
     * outside the write path), then switches the column to the copy and publishes the indexes.
     * Until then searches go through the chunk graphs and scan the rest.
     */
    public void buildIndexes(SegmentIndexer indexer) {
        int rows = rowCount;
        VectorIndex[] built = new VectorIndex[vectors.length];
        VectorColumn.Storage[] copies = new VectorColumn.Storage[vectors.length];
        for (int f = 0; f < vectors.length; f++) {
            if (vectors[f] != null) {
                Field field = schema.fields().get(f);
                if (vectors[f].isContiguous()) {
                    built[f] = vectors[f].read(storage -> indexer.build(field, storage.scoringBlock(0)));
                } else {
                    copies[f] = vectors[f].contiguousCopy(rows);
                    built[f] = indexer.build(field, copies[f].scoringBlock(0));
                }
            }
        }
        for (int f = 0; f < vectors.length; f++) {
            if (copies[f] != null) {
                vectors[f].install(copies[f]);
            }
        }
        // Published last: once indexed, a segment may be swapped for its saved files and closed.
        indexes = built;
    }

    /** Whether the vector indexes are built (or opened). */
    public boolean isIndexed() {
        return indexes != null;
    }

    /** The index of vector field {@code field}, once built or opened; null before. */
    public VectorIndex index(int field) {
        VectorIndex[] built = indexes;
        return built == null ? null : built[field];
    }

    /**
     * Publishes indexes opened from files for some vector fields, building the others with
     * {@code indexer}; {@code open} returns null for a field with no saved index.
     */
    public void openIndexes(SegmentIndexer indexer, IndexOpener open) throws java.io.IOException {
        VectorIndex[] opened = new VectorIndex[vectors.length];
        try {
            for (int f = 0; f < vectors.length; f++) {
                if (vectors[f] != null) {
                    Field field = schema.fields().get(f);
                    FloatVectors scoring = vectors[f].read(storage -> storage.scoringBlock(0));
                    VectorIndex index = open.open(field, f, scoring);
                    opened[f] = index != null ? index : indexer.build(field, scoring);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            for (VectorIndex index : opened) {
                if (index != null) {
                    index.close();
                }
            }
            throw e;
        }
        indexes = opened;
    }

    /** Opens the saved index of one vector field, or returns null when there is none. */
    @FunctionalInterface
    public interface IndexOpener {
        VectorIndex open(Field field, int fieldNumber, FloatVectors scoring) throws java.io.IOException;
    }

    /** Builds (or rebuilds) the scalar index of field {@code field} over every row. */
    public void buildScalarIndex(int field) {
        scalarIndexes.put(field, ScalarIndex.build(columns[field], rowCount));
    }

    /** Bytes of the indexes of field {@code field}: its scalar index, or its vector index once built. */
    public long indexMemoryBytes(int field) {
        ScalarIndex scalar = scalarIndexes.get(field);
        VectorIndex[] built = indexes;
        return (scalar == null ? 0 : scalar.memoryBytes())
                + (built != null && built[field] != null ? built[field].memoryBytes() : 0)
                + (vectors[field] != null ? vectors[field].chunkIndexBytes() : 0);
    }

    /** Bytes held: columns, vectors, versions and indexes. */
    public long memoryBytes() {
        long bytes = versions.memoryBytes() + (dynamic == null ? 0 : dynamic.memoryBytes());
        for (int f = 0; f < columns.length; f++) {
            bytes += columns[f] != null ? columns[f].memoryBytes() : vectors[f].memoryBytes();
        }
        for (ScalarIndex index : scalarIndexes.values()) {
            bytes += index.memoryBytes();
        }
        return bytes;
    }

    /**
     * Bytes this segment holds in memory: rows and vectors unless they are read from its file
     * (mapped pages the kernel may drop are not counted), versions, scalar indexes, and graphs
     * beyond the vectors they read.
     */
    public long residentBytes() {
        long bytes = versions.memoryBytes();
        for (ScalarIndex index : scalarIndexes.values()) {
            bytes += index.memoryBytes();
        }
        VectorIndex[] built = indexes;
        for (int f = 0; f < vectors.length; f++) {
            if (vectors[f] == null) {
                bytes += file == null ? columns[f].memoryBytes() : 0;
                continue;
            }
            if (built != null && built[f] != null) {
                bytes += Math.max(0, built[f].memoryBytes() - (long) vectors[f].dim() * Float.BYTES * built[f].size());
            }
            bytes += vectors[f].chunkIndexBytes() + (file == null ? vectors[f].memoryBytes() : 0);
        }
        return bytes + (dynamic == null || file != null ? 0 : dynamic.memoryBytes());
    }

    @Override
    public void close() {
        VectorIndex[] built = indexes;
        for (int f = 0; f < vectors.length; f++) {
            if (built != null && built[f] != null) {
                built[f].close();
            }
            if (vectors[f] != null) {
                vectors[f].close();
            }
        }
        if (file != null) {
            file.close();
        }
    }
}
