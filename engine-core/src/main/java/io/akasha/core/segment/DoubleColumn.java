package io.akasha.core.segment;

/** FLOAT and DOUBLE values in chunks of primitive doubles (a FLOAT is stored exactly as a double). */
public final class DoubleColumn extends Column {

    private final double[][] chunks;

    DoubleColumn(boolean nullable, int capacity) {
        super(nullable, capacity);
        this.chunks = new double[Chunks.count(capacity)][];
    }

    /** The value of a non-null row. */
    public double getDouble(int row) {
        return chunks[row >>> Chunks.SHIFT][row & Chunks.MASK];
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
        for (double[] chunk : chunks) {
            bytes += chunk == null ? 0 : chunk.length * 8L;
        }
        return bytes;
    }
}
