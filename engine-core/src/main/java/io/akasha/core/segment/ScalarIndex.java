package io.akasha.core.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * An index over one scalar field of a sealed segment that answers equality, {@code in} and
 * range predicates without scanning: the non-null rows sorted by value (a range is a binary
 * search away), plus, when the field has few distinct values (at most one per
 * {@value #ROWS_PER_POSTING} rows), an inverted bitmap per value, so that an equality or a
 * range over few values is a bitmap union rather than a sort of row ids.
 *
 * <p>Constants are the column's stored types: {@link Long} for integer and BOOL columns (BOOL
 * as 0 or 1), {@link Double} for FLOAT and DOUBLE, {@link String} for VARCHAR.
 */
public final class ScalarIndex {

    static final int ROWS_PER_POSTING = 64;

    private final Column column;
    private final int[] sortedRows;
    /** Start offsets in {@link #sortedRows} of each run of equal values, then the end; null without postings. */
    private final int[] runStarts;
    private final RoaringBitmap[] postings;

    private ScalarIndex(Column column, int[] sortedRows, int[] runStarts, RoaringBitmap[] postings) {
        this.column = column;
        this.sortedRows = sortedRows;
        this.runStarts = runStarts;
        this.postings = postings;
    }

    /** Indexes rows {@code 0..rows-1} of {@code column} (deleted rows too: searches mask them out). */
    static ScalarIndex build(Column column, int rows) {
        if (column instanceof ObjectColumn && rows > 0 && IntStream.range(0, rows)
                .anyMatch(r -> !column.isNull(r) && !(column.get(r) instanceof String))) {
            throw new IllegalArgumentException("only VARCHAR, numeric and BOOL fields can have a scalar index");
        }
        int[] sorted = IntStream.range(0, rows).filter(r -> !column.isNull(r)).boxed()
                .sorted((a, b) -> compareRows(column, a, b)).mapToInt(Integer::intValue).toArray();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || compareRows(column, sorted[i - 1], sorted[i]) != 0) {
                starts.add(i);
            }
        }
        if (starts.size() > Math.max(1, sorted.length / ROWS_PER_POSTING)) {
            return new ScalarIndex(column, sorted, null, null);
        }
        starts.add(sorted.length);
        int[] runStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        RoaringBitmap[] postings = new RoaringBitmap[runStarts.length - 1];
        for (int r = 0; r < postings.length; r++) {
            postings[r] = RoaringBitmap.bitmapOfRange(0, 0);
            for (int i = runStarts[r]; i < runStarts[r + 1]; i++) {
                postings[r].add(sorted[i]);
            }
            postings[r].runOptimize();
        }
        return new ScalarIndex(column, sorted, runStarts, postings);
    }

    /** Rows whose value equals {@code value}. */
    public RoaringBitmap equal(Object value) {
        return range(value, true, value, true);
    }

    /**
     * Rows whose value lies between the bounds; a null bound is open. Null rows never match.
     */
    public RoaringBitmap range(Object low, boolean lowInclusive, Object high, boolean highInclusive) {
        int from = low == null ? 0 : lowInclusive ? firstAtLeast(low, false) : firstAtLeast(low, true);
        int to = high == null ? sortedRows.length : highInclusive ? firstAtLeast(high, true) : firstAtLeast(high, false);
        if (from >= to) {
            return new RoaringBitmap();
        }
        if (postings != null) {
            // Runs are contiguous in sorted order, and [from, to) starts and ends on run boundaries.
            int firstRun = runIndex(from);
            int endRun = runIndex(to);
            return FastAggregation.or(java.util.Arrays.copyOfRange(postings, firstRun, endRun));
        }
        return RoaringBitmap.bitmapOfUnordered(java.util.Arrays.copyOfRange(sortedRows, from, to));
    }

    /** The first position whose value is >= {@code value} (or > it, when {@code strictlyAbove}). */
    private int firstAtLeast(Object value, boolean strictlyAbove) {
        int lo = 0;
        int hi = sortedRows.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = compareTo(column, sortedRows[mid], value);
            if (c < 0 || (strictlyAbove && c == 0)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int runIndex(int position) {
        int i = java.util.Arrays.binarySearch(runStarts, position);
        return i >= 0 ? i : -i - 1;
    }

    public long memoryBytes() {
        long bytes = sortedRows.length * 4L;
        if (postings != null) {
            for (RoaringBitmap posting : postings) {
                bytes += posting.getSizeInBytes();
            }
        }
        return bytes;
    }

    private static int compareRows(Column column, int a, int b) {
        return switch (column) {
            case LongColumn c -> Long.compare(c.getLong(a), c.getLong(b));
            case DoubleColumn c -> compareDoubles(c.getDouble(a), c.getDouble(b));
            case ObjectColumn c -> ((String) c.get(a)).compareTo((String) c.get(b));
        };
    }

    private static int compareTo(Column column, int row, Object value) {
        return switch (column) {
            case LongColumn c -> Long.compare(c.getLong(row), (Long) value);
            case DoubleColumn c -> compareDoubles(c.getDouble(row), (Double) value);
            case ObjectColumn c -> ((String) c.get(row)).compareTo((String) value);
        };
    }

    /** Numeric order in which 0.0 and -0.0 are equal, as {@code ==} has it (no NaN is ever stored). */
    private static int compareDoubles(double a, double b) {
        return a < b ? -1 : a > b ? 1 : 0;
    }
}
