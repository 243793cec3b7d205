package io.akasha.core.collection;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.akasha.core.AkashaException;

/**
 * The engine-wide limit on memory held by rows and indexes. A write that would take the engine
 * past it is refused (RESOURCE_EXHAUSTED, naming the collection and the numbers) before any of
 * it applies, instead of failing half-way on an allocation or getting the process killed.
 *
 * <p>Measuring the memory in use walks every segment, so it is done at most every
 * {@value #MEASURE_EVERY_MILLIS} ms; between measurements the estimates of the writes admitted
 * since are added to the last measurement, and a write that seems not to fit is refused only
 * after a fresh measurement.
 */
public final class MemoryBudget {

    /** No limit: for tests and tools that manage memory themselves. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    private static final long MEASURE_EVERY_MILLIS = 100;

    private final long limitBytes;
    private final LongSupplier inUse;
    private final AtomicLong admittedSinceMeasured = new AtomicLong();
    private volatile long measured;
    private volatile long measuredAtNanos = Long.MIN_VALUE / 2;

    /**
     * @param limitBytes the budget
     * @param inUse      bytes held now by every collection of the engine
     */
    public MemoryBudget(long limitBytes, LongSupplier inUse) {
        this.limitBytes = limitBytes;
        this.inUse = inUse;
    }

    /** Refuses {@code rows} for {@code collection} if they would not fit. */
    void check(String collection, List<PreparedRow> rows) {
        if (limitBytes == UNLIMITED) {
            return;
        }
        long incoming = estimate(rows);
        boolean fresh = System.nanoTime() - measuredAtNanos < MEASURE_EVERY_MILLIS * 1_000_000;
        if (!fresh || measured + admittedSinceMeasured.get() + incoming > limitBytes) {
            measure();
        }
        long used = measured + admittedSinceMeasured.get();
        if (used + incoming <= limitBytes) {
            admittedSinceMeasured.addAndGet(incoming);
            return;
        }
        throw new AkashaException(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, String.format(Locale.ROOT,
                "collection '%s': %,d rows (about %,d KiB) would take the engine's memory from %,d KiB past its "
                        + "budget of %,d KiB (AkashaOptions.memoryBudgetBytes); nothing was written. Delete or drop "
                        + "data, or raise the budget", collection, rows.size(), incoming >> 10, used >> 10,
                limitBytes >> 10));
    }

    private synchronized void measure() {
        measured = inUse.getAsLong();
        admittedSinceMeasured.set(0);
        measuredAtNanos = System.nanoTime();
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
