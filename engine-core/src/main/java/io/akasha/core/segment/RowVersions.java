package io.akasha.core.segment;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * When each row of a segment was inserted and deleted, as write sequence numbers: the basis of
 * snapshot reads. A reader that started when sequence {@code s} was the last published write
 * sees a row iff {@code inserted <= s} and it was not deleted at or before {@code s}. Writes
 * are made by the collection's single writer before it publishes the new sequence number
 * (a volatile write), so a reader that has read the sequence number sees them.
 */
final class RowVersions {

    /** A deletion sequence of 0 means "not deleted". */
    private static final long LIVE = 0;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[][] inserted;
    private final long[][] deleted;
    /** Rows ever marked deleted: while 0, visibility is a prefix of the rows. */
    private volatile int deletions;

    RowVersions(int capacity) {
        inserted = new long[Chunks.count(capacity)][];
        deleted = new long[Chunks.count(capacity)][];
    }

    void insert(int row, long seq) {
        int c = row >>> Chunks.SHIFT;
        if (inserted[c] == null) {
            inserted[c] = new long[Chunks.ROWS];
            deleted[c] = new long[Chunks.ROWS];
        }
        inserted[c][row & Chunks.MASK] = seq;
    }

    void delete(int row, long seq) {
        // Opaque: a reader racing with this sees the old or the new value, never a torn one.
        LONGS.setOpaque(deleted[row >>> Chunks.SHIFT], row & Chunks.MASK, seq);
        deletions++;
    }

    /** Whether no row of the segment has ever been deleted. */
    boolean noDeletions() {
        return deletions == 0;
    }

    /**
     * The number of leading rows of {@code rows} inserted at or before {@code snapshot}: rows are
     * appended in sequence order, so the inserted-and-visible rows are a prefix (binary search).
     */
    int insertedPrefix(int rows, long snapshot) {
        int lo = 0;
        int hi = rows;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (inserted[mid >>> Chunks.SHIFT][mid & Chunks.MASK] <= snapshot) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    boolean visible(int row, long snapshot) {
        int c = row >>> Chunks.SHIFT;
        int i = row & Chunks.MASK;
        if (inserted[c][i] > snapshot) {
            return false;
        }
        long del = (long) LONGS.getOpaque(deleted[c], i);
        return del == LIVE || del > snapshot;
    }


    long memoryBytes() {
        long bytes = 0;
        for (long[] chunk : inserted) {
            bytes += chunk == null ? 0 : 2L * chunk.length * 8;
        }
        return bytes;
    }
}
