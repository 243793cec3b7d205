package io.akasha.core.segment;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** FLOAT and DOUBLE values in chunks of primitive doubles (a FLOAT is stored exactly as a double). */
public final class DoubleColumn extends Column {

    private static final ValueLayout.OfDouble DOUBLE_LE =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final double[][] chunks;
    /** The values of a sealed segment file (little-endian float64 per row), or null while in memory. */
    private final MemorySegment mapped;

    DoubleColumn(boolean nullable, int capacity) {
        super(nullable, capacity);
        this.chunks = new double[Chunks.count(capacity)][];
        this.mapped = null;
    }

    /** A column read in place from a segment file. */
    DoubleColumn(long[] nulls, MemorySegment mapped) {
        super(nulls);
        this.chunks = null;
        this.mapped = mapped;
    }

    /** The value of a non-null row. */
    public double getDouble(int row) {
        return mapped != null ? mapped.getAtIndex(DOUBLE_LE, row) : chunks[row >>> Chunks.SHIFT][row & Chunks.MASK];
    }

    @Override
    Object value(int row) {
        return getDouble(row);
    }

    @Override
    void store(int row, Object stored) {
        double[] chunk = chunks[row >>> Chunks.SHIFT];
        if (chunk == null) {
            chunk = chunks[row >>> Chunks.SHIFT] = new double[Chunks.ROWS];
        }
        chunk[row & Chunks.MASK] = (Double) stored;
    }

    @Override
    public long memoryBytes() {
        long bytes = nullBytes();
        if (mapped != null) {
            return bytes;
        }
        for (double[] chunk : chunks) {
            bytes += chunk == null ? 0 : chunk.length * 8L;
        }
        return bytes;
    }
}
