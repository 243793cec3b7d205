package io.akasha.core.segment;

/** Integers of every width, and booleans as 0 and 1, in chunks of primitive longs. */
public final class LongColumn extends Column {

    private final long[][] chunks;
    private final boolean bool;

    LongColumn(boolean bool, boolean nullable, int capacity) {
        super(nullable, capacity);
        this.bool = bool;
        this.chunks = new long[Chunks.count(capacity)][];
    }

    /** The value of a non-null row (booleans as 0 or 1). */
    public long getLong(int row) {
        return chunks[row >>> Chunks.SHIFT][row & Chunks.MASK];
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
        for (long[] chunk : chunks) {
            bytes += chunk == null ? 0 : chunk.length * 8L;
        }
        return bytes;
    }
}
