package io.akasha.core.segment;

import java.lang.foreign.MemorySegment;

import java.util.List;
import java.util.Map;

import io.akasha.core.schema.StoredValueCodec;
import io.akasha.storage.FileHeader;

/** VARCHAR, JSON and ARRAY values (and the dynamic field) as immutable objects in chunks. */
public final class ObjectColumn extends Column {

    private final Object[][] chunks;
    /** In a segment file: the start of each row's value (rows + 1 little-endian int64), or null. */
    private final MemorySegment offsets;
    /** In a segment file: the values, as {@link StoredValueCodec} writes them. */
    private final MemorySegment values;
    private long estimatedBytes;

    ObjectColumn(boolean nullable, int capacity) {
        super(nullable, capacity);
        this.chunks = new Object[Chunks.count(capacity)][];
        this.offsets = null;
        this.values = null;
    }

    /** A column read in place from a segment file: values are decoded when read. */
    ObjectColumn(long[] nulls, MemorySegment offsets, MemorySegment values) {
        super(nulls);
        this.chunks = null;
        this.offsets = offsets;
        this.values = values;
    }

    @Override
    Object value(int row) {
        if (offsets != null) {
            long start = offsets.getAtIndex(FileHeader.LONG_LE, row);
            long end = offsets.getAtIndex(FileHeader.LONG_LE, row + 1);
            return StoredValueCodec.read(values.asSlice(start, end - start).asByteBuffer());
        }
        Object[] chunk = chunks[row >>> Chunks.SHIFT];
        return chunk == null ? null : chunk[row & Chunks.MASK];
    }

    @Override
    void store(int row, Object stored) {
        Object[] chunk = chunks[row >>> Chunks.SHIFT];
        if (chunk == null) {
            chunk = chunks[row >>> Chunks.SHIFT] = new Object[Chunks.ROWS];
            estimatedBytes += Chunks.ROWS * 4L;
        }
        chunk[row & Chunks.MASK] = stored;
        estimatedBytes += estimate(stored);
    }

    @Override
    public long memoryBytes() {
        return nullBytes() + estimatedBytes;
    }

    /** A rough heap size: object headers plus payload, enough for memory accounting. */
    private static long estimate(Object value) {
        return switch (value) {
            case null -> 0;
            case String s -> 40 + s.length();
            case List<?> list -> 24 + list.stream().mapToLong(ObjectColumn::estimate).sum() + 4L * list.size();
            case Map<?, ?> map -> 48 + map.entrySet().stream()
                    .mapToLong(e -> 32 + estimate(e.getKey()) + estimate(e.getValue())).sum();
            default -> 16;
        };
    }
}
