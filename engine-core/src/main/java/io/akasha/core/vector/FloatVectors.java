package io.akasha.core.vector;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

import io.akasha.storage.HugePageBlocks;

/**
 * A fixed-dimension set of float32 vectors stored back to back, little-endian, in one
 * {@link MemorySegment}: row {@code i} starts at byte {@code i * dim * 4}, so an offset is
 * computed, never looked up, and the bulk kernels scan rows without indirection.
 *
 * <p>The memory is either owned (allocated off-heap here, freed by {@link #close()}) or borrowed
 * (for example a mapped file, whose owner frees it). Reads are safe from many threads; writes
 * ({@link #set}) are for the thread that fills the set before sharing it.
 */
public final class FloatVectors implements AutoCloseable {

    /** Rows start 64-byte aligned when {@code dim * 4} is a multiple of 64, as for dims 16, 32, ... */
    private static final long ALIGNMENT = 64;

    private final Arena arena;
    private final MemorySegment data;
    private final int dim;
    private final int count;

    private FloatVectors(Arena arena, MemorySegment data, int dim, int count) {
        this.arena = arena;
        this.data = data;
        this.dim = dim;
        this.count = count;
    }

    /** Allocates {@code count} zeroed vectors of {@code dim} floats off-heap. */
    public static FloatVectors allocate(int dim, int count) {
        checkShape(dim, count);
        Arena arena = Arena.ofShared();
        try {
            return new FloatVectors(arena, HugePageBlocks.allocate(arena, (long) dim * count * Float.BYTES, ALIGNMENT),
                    dim, count);
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Views {@code count} vectors already laid out in {@code data} (not owned: closing this does
     * not free it).
     */
    public static FloatVectors wrap(MemorySegment data, int dim, int count) {
        checkShape(dim, count);
        long needed = (long) dim * count * Float.BYTES;
        if (data.byteSize() < needed) {
            throw new IllegalArgumentException(count + " vectors of dimension " + dim + " need " + needed
                    + " bytes, the segment has " + data.byteSize());
        }
        return new FloatVectors(null, data.asSlice(0, needed), dim, count);
    }

    /** Copies the rows into a new owned set; every row must have the same length. */
    public static FloatVectors of(float[]... rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("need at least one vector to know the dimension");
        }
        FloatVectors vectors = allocate(rows[0].length, rows.length);
        for (int i = 0; i < rows.length; i++) {
            vectors.set(i, rows[i]);
        }
        return vectors;
    }

    public int dim() {
        return dim;
    }

    public int count() {
        return count;
    }

    /** The whole set: {@code count * dim} floats. */
    public MemorySegment segment() {
        return data;
    }

    /** Byte offset of row {@code row} in {@link #segment()}. */
    public long offset(int row) {
        return (long) row * dim * Float.BYTES;
    }

    /** Bytes the vectors occupy. */
    public long byteSize() {
        return data.byteSize();
    }

    /** A copy of row {@code row}. */
    public float[] get(int row) {
        float[] vector = new float[dim];
        get(row, vector);
        return vector;
    }

    /** Copies row {@code row} into {@code into}, which must have length {@link #dim()}. */
    public void get(int row, float[] into) {
        checkRow(row);
        MemorySegment.copy(data, ScalarVectorUtilSupport.FLOAT_LE, offset(row), into, 0, dim);
    }

    /** Overwrites row {@code row} with {@code vector}. */
    public void set(int row, float[] vector) {
        checkRow(row);
        if (vector.length != dim) {
            throw new IllegalArgumentException("vector has dimension " + vector.length + ", expected " + dim);
        }
        MemorySegment.copy(vector, 0, data, ScalarVectorUtilSupport.FLOAT_LE, offset(row), dim);
    }

    /** A new owned set with every row scaled to unit length (for cosine); rejects zero rows. */
    public FloatVectors normalizedCopy() {
        FloatVectors copy = allocate(dim, count);
        float[] row = new float[dim];
        for (int i = 0; i < count; i++) {
            get(i, row);
            try {
                VectorUtil.normalize(row);
            } catch (IllegalArgumentException e) {
                copy.close();
                throw new IllegalArgumentException("row " + i + ": " + e.getMessage(), e);
            }
            copy.set(i, row);
        }
        return copy;
    }

    /** Frees owned memory; borrowed memory is left to its owner. */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }

    private void checkRow(int row) {
        Objects.checkIndex(row, count);
    }

    private static void checkShape(int dim, int count) {
        if (dim <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dim);
        }
        if (count < 0) {
            throw new IllegalArgumentException("vector count must not be negative, got " + count);
        }
    }
}
