package io.akasha.core.collection;

import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import io.akasha.core.AkashaException;

/**
 * The engine-wide limit on memory held by rows and indexes. A write that would take the engine
 * past it is refused (RESOURCE_EXHAUSTED, naming the collection and the numbers) before any of
 * it applies, instead of failing half-way on an allocation or getting the process killed.
 *
 * @param limitBytes the budget
 * @param inUse      bytes held now by every collection of the engine
 */
public record MemoryBudget(long limitBytes, LongSupplier inUse) {

    /** No limit: for tests and tools that manage memory themselves. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** Refuses {@code rows} for {@code collection} if they would not fit. */
    void check(String collection, List<PreparedRow> rows) {
        if (limitBytes == UNLIMITED) {
            return;
        }
        long incoming = estimate(rows);
        long used = inUse.getAsLong();
        if (used + incoming > limitBytes) {
            throw new AkashaException(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, String.format(Locale.ROOT,
                    "collection '%s': %,d rows (about %,d KiB) would take the engine's memory from %,d KiB past its "
                            + "budget of %,d KiB (AkashaOptions.memoryBudgetBytes); nothing was written. Delete or drop "
                            + "data, or raise the budget", collection, rows.size(), incoming >> 10, used >> 10,
                    limitBytes >> 10));
        }
    }

    /**
     * An upper bound: each vector twice (raw, and the normalized copy COSINE keeps), other values
     * roughly, and room for one more chunk of vectors, since memory is allocated
     * {@value io.akasha.core.segment.Segment#CHUNK_ROWS} rows at a time.
     */
    private static long estimate(List<PreparedRow> rows) {
        long bytes = 0;
        for (PreparedRow row : rows) {
            bytes += 16; // row versions
            for (Object value : row.values()) {
                bytes += value instanceof float[] vector ? 2L * vector.length * Float.BYTES
                        : value instanceof String s ? 40 + s.length() : 8;
            }
        }
        if (!rows.isEmpty()) {
            for (Object value : rows.getFirst().values()) {
                if (value instanceof float[] vector) {
                    bytes += 2L * vector.length * Float.BYTES * io.akasha.core.segment.Segment.CHUNK_ROWS;
                }
            }
        }
        return bytes;
    }
}
