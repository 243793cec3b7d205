package io.akasha.core.segment;

import io.akasha.core.schema.DataType;

/**
 * The values of one scalar field in one segment, in the stored form of
 * {@link io.akasha.core.schema.ValueConverter}. Appended by the collection's single writer; read
 * by any thread for rows the writer has published (see {@link Segment}).
 */
public abstract sealed class Column permits LongColumn, DoubleColumn, ObjectColumn {

    /** Bit i set: row i is null. Null when the field is not nullable. */
    private final long[] nulls;

    Column(boolean nullable, int capacity) {
        this.nulls = nullable ? new long[(capacity + 63) >>> 6] : null;
    }

    /** A column of a sealed segment file, with its null bitmap (null when not nullable). */
    Column(long[] nulls) {
        this.nulls = nulls;
    }

    /** A column for a field of {@code type}. */
    static Column of(DataType type, boolean nullable, int capacity) {
        return switch (type) {
            case BOOL, INT8, INT16, INT32, INT64 -> new LongColumn(type == DataType.BOOL, nullable, capacity);
            case FLOAT, DOUBLE -> new DoubleColumn(nullable, capacity);
            case VARCHAR, JSON, ARRAY -> new ObjectColumn(nullable, capacity);
            case FLOAT_VECTOR -> throw new IllegalArgumentException("vectors live in a VectorColumn");
        };
    }

    public final boolean isNull(int row) {
        return nulls != null && (nulls[row >>> 6] & (1L << row)) != 0;
    }

    /** Whether any row may be null. */
    public final boolean nullable() {
        return nulls != null;
    }

    /** The stored value of {@code row}, or null. */
    public final Object get(int row) {
        return isNull(row) ? null : value(row);
    }

    final void append(int row, Object stored) {
        if (stored == null) {
            nulls[row >>> 6] |= 1L << row;
        } else {
            store(row, stored);
        }
    }

    abstract Object value(int row);

    abstract void store(int row, Object stored);

    /** Heap bytes held, approximately (strings and JSON counted by a rough size estimate). */
    public abstract long memoryBytes();

    /** The null bitmap's words, for writing a segment file (null when the field is not nullable). */
    final long[] nullWords() {
        return nulls;
    }

    final long nullBytes() {
        return nulls == null ? 0 : nulls.length * 8L;
    }
}
