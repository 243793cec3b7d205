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
        this(Chunks.count(capacity), true);
    }

    /**
     * The versions of a segment read from its file: every row inserted before any snapshot of
     * this process (sequence 0, so no insert arrays), the rows in {@code deletedRows} deleted at
     * {@code deletedAt}. Deletion arrays are allocated per chunk when a row in it is first deleted.
     */
    static RowVersions loaded(int rows, Iterable<Integer> deletedRows, long deletedAt) {
        RowVersions versions = new RowVersions(Chunks.count(rows), false);
        for (int row : deletedRows) {
            versions.delete(row, deletedAt);
        }
        return versions;
    }

    private RowVersions(int chunks, boolean withInsertArrays) {
        inserted = withInsertArrays ? new long[chunks][] : null;
        deleted = new long[chunks][];
    }

    void insert(int row, long seq) {
        int c = row >>> Chunks.SHIFT;
        if (inserted[c] == null) {
            inserted[c] = new long[Chunks.ROWS];
        }
        inserted[c][row & Chunks.MASK] = seq;
    }

    void delete(int row, long seq) {
        int c = row >>> Chunks.SHIFT;
        if (deleted[c] == null) {
            // A reader that sees the array before its zeros is impossible: default values precede every read.
            deleted[c] = new long[Chunks.ROWS];
        }
        // Opaque: a reader racing with this sees the old or the new value, never a torn one.
        LONGS.setOpaque(deleted[c], row & Chunks.MASK, seq);
        deletions++;
    }

    /** The rows deleted at or before {@code snapshot}. */
    org.roaringbitmap.RoaringBitmap deletedRows(int rows, long snapshot) {
        org.roaringbitmap.RoaringBitmap out = new org.roaringbitmap.RoaringBitmap();
        if (deletions == 0) {
            return out;
        }
        for (int c = 0; c < deleted.length; c++) {
            long[] chunk = deleted[c];
            for (int i = 0; chunk != null && i < Chunks.ROWS && (c << Chunks.SHIFT) + i < rows; i++) {
                long del = (long) LONGS.getOpaque(chunk, i);
                if (del != LIVE && del <= snapshot) {
                    out.add((c << Chunks.SHIFT) + i);
                }
            }
        }
        return out;
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
        if (inserted == null) {
            return rows;
        }
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

    /** The sequence that inserted {@code row} (0 for rows read from a file). */
    long insertedAt(int row) {
        return inserted == null ? 0 : inserted[row >>> Chunks.SHIFT][row & Chunks.MASK];
    }

    /** The sequence that deleted {@code row}, or 0 while it is live. */
    long deletedAt(int row) {
        long[] chunk = deleted[row >>> Chunks.SHIFT];
        return chunk == null ? LIVE : (long) LONGS.getOpaque(chunk, row & Chunks.MASK);
    }

    boolean visible(int row, long snapshot) {
        int c = row >>> Chunks.SHIFT;
        int i = row & Chunks.MASK;
        if (inserted != null && inserted[c][i] > snapshot) {
            return false;
        }
        long[] chunk = deleted[c];
        if (chunk == null) {
            return true;
        }
        long del = (long) LONGS.getOpaque(chunk, i);
        return del == LIVE || del > snapshot;
    }


    long memoryBytes() {
        long bytes = 0;
        for (long[][] arrays : new long[][][] {inserted, deleted}) {
            for (int c = 0; arrays != null && c < arrays.length; c++) {
                bytes += arrays[c] == null ? 0 : arrays[c].length * 8L;
            }
        }
        return bytes;
    }
}
