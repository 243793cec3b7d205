package io.akasha.core.segment;

import java.lang.foreign.MemorySegment;

import io.akasha.storage.FileHeader;

/** Integers of every width, and booleans as 0 and 1, in chunks of primitive longs. */
public final class LongColumn extends Column {

    private final long[][] chunks;
    /** The values of a sealed segment file (little-endian int64 per row), or null while in memory. */
    private final MemorySegment mapped;
    private final boolean bool;

    LongColumn(boolean bool, boolean nullable, int capacity) {
        super(nullable, capacity);
        this.bool = bool;
        this.chunks = new long[Chunks.count(capacity)][];
        this.mapped = null;
    }

    /** A column read in place from a segment file. */
    LongColumn(boolean bool, long[] nulls, MemorySegment mapped) {
        super(nulls);
        this.bool = bool;
        this.chunks = null;
        this.mapped = mapped;
    }

    /** The value of a non-null row (booleans as 0 or 1). */
    public long getLong(int row) {
        return mapped != null ? mapped.getAtIndex(FileHeader.LONG_LE, row) : chunks[row >>> Chunks.SHIFT][row & Chunks.MASK];
    }

    public boolean isBoolean() {
        return bool;
    }

    @Override
    Object value(int row) {
        long v = getLong(row);
        return bool ? (Object) (v != 0) : (Object) v;
    }

    @Override
    void store(int row, Object stored) {
        long[] chunk = chunks[row >>> Chunks.SHIFT];
        if (chunk == null) {
            chunk = chunks[row >>> Chunks.SHIFT] = new long[Chunks.ROWS];
        }
        chunk[row & Chunks.MASK] = bool ? ((Boolean) stored ? 1 : 0) : (Long) stored;
    }

    @Override
    public long memoryBytes() {
        long bytes = nullBytes();
        if (mapped != null) {
            return bytes;
        }
        for (long[] chunk : chunks) {
            bytes += chunk == null ? 0 : chunk.length * 8L;
        }
        return bytes;
    }
}
