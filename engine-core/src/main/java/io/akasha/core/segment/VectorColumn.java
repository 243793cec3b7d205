package io.akasha.core.segment;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import io.akasha.core.index.VectorIndex;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;
import io.akasha.core.vector.VectorUtil;
import io.akasha.storage.SectionedFileWriter;

/**
 * The vectors of one field in one segment, off-heap: the raw vectors exactly as inserted (what
 * {@code get} and {@code query} return) and, for COSINE, a normalized copy that searches score.
 *
 * <p>While the segment grows, vectors sit in chunks of {@value Chunks#ROWS} rows allocated as
 * rows arrive. When it is sealed, {@link #contiguousCopy} copies them into one contiguous block
 * per form (what the bulk kernels and indexes want), the segment's index is built over the copy
 * while searches still use the chunks and their graphs, and {@link #install} switches to the copy
 * and frees the chunks. Readers work inside {@link #read}, under a read lock, so the chunks are
 * never freed under a running scan. A column read from a segment file is contiguous from the start.
 */
public final class VectorColumn implements AutoCloseable {

    /** One block of up to 2^30 rows once compacted (so that {@code 1 << shift} stays positive). */
    private static final int CONTIGUOUS_SHIFT = 30;

    private final int dim;
    private final Similarity metric;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Storage storage;
    /** While growing: an index per filled chunk, built in the background; dropped at compaction. */
    private final AtomicReferenceArray<VectorIndex> chunkIndexes;

    VectorColumn(int dim, Similarity metric, int capacity) {
        this.dim = dim;
        this.metric = metric;
        int chunks = Chunks.count(capacity);
        this.storage = new Storage(new FloatVectors[chunks],
                metric.normalizesVectors() ? new FloatVectors[chunks] : null, Chunks.SHIFT);
        this.chunkIndexes = new AtomicReferenceArray<>(chunks);
    }

    /**
     * A sealed column read in place: {@code raw} and, for COSINE, {@code normalized} are views of
     * a segment file (not owned), already contiguous.
     */
    VectorColumn(Similarity metric, FloatVectors raw, FloatVectors normalized) {
        this.dim = raw.dim();
        this.metric = metric;
        this.storage = new Storage(new FloatVectors[] {raw}, normalized == null ? null : new FloatVectors[] {normalized},
                CONTIGUOUS_SHIFT);
        this.chunkIndexes = new AtomicReferenceArray<>(0);
    }

    /** Whether the vectors are one contiguous block (sealed and compacted, or read from a file). */
    boolean isContiguous() {
        return storage.shift == CONTIGUOUS_SHIFT;
    }

    /**
     * Builds the index of a filled chunk with {@code build} (over the chunk's scoring vectors, read
     * in place) unless the column was compacted meanwhile; holds the read lock throughout, so the
     * chunk cannot be freed under the build.
     */
    void indexChunk(int chunk, Function<FloatVectors, VectorIndex> build) {
        lock.readLock().lock();
        try {
            Storage s = storage;
            if (s.shift != Chunks.SHIFT || s.raw[chunk] == null || chunkIndexes.get(chunk) != null) {
                return;
            }
            chunkIndexes.set(chunk, build.apply(s.scoringBlock(chunk)));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The index of a filled chunk, or null (call inside {@link #read}). */
    VectorIndex chunkIndex(int chunk) {
        return chunkIndexes.get(chunk);
    }

    /** Bytes held by the chunk indexes beyond the vectors they read in place. */
    long chunkIndexBytes() {
        long bytes = 0;
        for (int c = 0; c < chunkIndexes.length(); c++) {
            VectorIndex index = chunkIndexes.get(c);
            bytes += index == null ? 0 : index.memoryBytes() - (long) dim * Float.BYTES * index.size();
        }
        return bytes;
    }

    private void dropChunkIndexes() {
        for (int c = 0; c < chunkIndexes.length(); c++) {
            VectorIndex index = chunkIndexes.getAndSet(c, null);
            if (index != null) {
                index.close();
            }
        }
    }

    public int dim() {
        return dim;
    }

    public Similarity metric() {
        return metric;
    }

    void append(int row, float[] vector) {
        Storage s = storage;
        int chunk = row >>> Chunks.SHIFT;
        if (s.raw[chunk] == null) {
            s.raw[chunk] = FloatVectors.allocate(dim, Chunks.ROWS);
            if (s.normalized != null) {
                s.normalized[chunk] = FloatVectors.allocate(dim, Chunks.ROWS);
            }
        }
        s.raw[chunk].set(row & Chunks.MASK, vector);
        if (s.normalized != null) {
            float[] unit = vector.clone();
            VectorUtil.normalize(unit);
            s.normalized[chunk].set(row & Chunks.MASK, unit);
        }
    }

    /** A copy of the vector of {@code row} as inserted. */
    public float[] get(int row) {
        return read(s -> s.raw[s.chunk(row)].get(s.inChunk(row)));
    }

    /** Runs {@code reader} on the current storage, which stays allocated until it returns. */
    public <T> T read(Function<Storage, T> reader) {
        lock.readLock().lock();
        try {
            return reader.apply(storage);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Contiguous copies of the first {@code rows} vectors (raw, and normalized for COSINE), not
     * yet in use: an index is built over them while searches keep using the chunks and their
     * graphs, then {@link #install} switches to them.
     */
    Storage contiguousCopy(int rows) {
        return read(old -> new Storage(new FloatVectors[] {contiguous(old.raw, rows)},
                old.normalized == null ? null : new FloatVectors[] {contiguous(old.normalized, rows)},
                CONTIGUOUS_SHIFT));
    }

    /**
     * Switches readers to {@code contiguous} (from {@link #contiguousCopy}) and frees the chunks
     * and their graphs. Called once, when the segment is sealed and no longer appended to.
     */
    void install(Storage contiguous) {
        Storage old;
        lock.writeLock().lock();
        try {
            old = storage;
            storage = contiguous;
            dropChunkIndexes();
        } finally {
            lock.writeLock().unlock();
        }
        old.close();
    }

    private FloatVectors contiguous(FloatVectors[] chunks, int rows) {
        FloatVectors out = FloatVectors.allocate(dim, Math.max(rows, 1));
        long rowBytes = (long) dim * Float.BYTES;
        for (int c = 0; c < Chunks.count(rows); c++) {
            int n = Math.min(Chunks.ROWS, rows - c * Chunks.ROWS);
            MemorySegment.copy(chunks[c].segment(), 0, out.segment(), c * (long) Chunks.ROWS * rowBytes, n * rowBytes);
        }
        return out;
    }

    /**
     * Writes the first {@code rows} vectors, raw or normalized, back to back into the writer's
     * current section, under the read lock (so a compaction cannot free them meanwhile).
     */
    void writeTo(SectionedFileWriter out, int rows, boolean normalizedForm) throws IOException {
        lock.readLock().lock();
        try {
            FloatVectors[] blocks = normalizedForm ? storage.normalized : storage.raw;
            long rowBytes = (long) dim * Float.BYTES;
            int perBlock = storage.blockRows();
            for (int b = 0, first = 0; first < rows; b++, first += perBlock) {
                int n = Math.min(perBlock, rows - first);
                out.bytes(blocks[b].segment().asSlice(0, n * rowBytes));
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Off-heap bytes held. */
    public long memoryBytes() {
        return read(Storage::byteSize);
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            dropChunkIndexes();
            storage.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Where the vectors are: blocks of {@code 1 << shift} rows ({@value Chunks#ROWS} while
     * growing, one block after {@link #compact}).
     */
    public static final class Storage {
        private final FloatVectors[] raw;
        private final FloatVectors[] normalized;
        private final int shift;

        private Storage(FloatVectors[] raw, FloatVectors[] normalized, int shift) {
            this.raw = raw;
            this.normalized = normalized;
            this.shift = shift;
        }

        int chunk(int row) {
            return row >>> shift;
        }

        int inChunk(int row) {
            return row & ((1 << shift) - 1);
        }

        /** Rows per block. */
        public int blockRows() {
            return 1 << shift;
        }

        /** The vectors searches score for block {@code b}: normalized for COSINE, raw otherwise. */
        public FloatVectors scoringBlock(int b) {
            return normalized != null ? normalized[b] : raw[b];
        }

        long byteSize() {
            long bytes = 0;
            for (FloatVectors[] set : new FloatVectors[][] {raw, normalized}) {
                for (int i = 0; set != null && i < set.length; i++) {
                    bytes += set[i] == null ? 0 : set[i].byteSize();
                }
            }
            return bytes;
        }

        void close() {
            for (FloatVectors[] set : new FloatVectors[][] {raw, normalized}) {
                for (int i = 0; set != null && i < set.length; i++) {
                    if (set[i] != null) {
                        set[i].close();
                    }
                }
            }
        }
    }
}
