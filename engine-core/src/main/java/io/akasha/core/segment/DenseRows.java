package io.akasha.core.segment;

import org.roaringbitmap.RoaringBitmap;

import io.akasha.core.search.RowFilter;

/**
 * A bitmap unpacked into plain bits for the inner loop of a search: one shift and mask per
 * test instead of a container lookup, worth it when a scan tests most rows of a segment.
 */
final class DenseRows implements RowFilter {

    private final long[] bits;

    private DenseRows(long[] bits) {
        this.bits = bits;
    }

    static DenseRows of(RoaringBitmap rows, int size) {
        long[] bits = new long[(size + 63) >>> 6];
        rows.forEach((int row) -> bits[row >>> 6] |= 1L << row);
        return new DenseRows(bits);
    }

    @Override
    public boolean accept(int row) {
        int word = row >>> 6;
        return word < bits.length && (bits[word] & (1L << row)) != 0;
    }
}
