package io.akasha.core.segment;

/**
 * Growing columns store rows in fixed-size chunks allocated as rows arrive, so that a segment
 * holding few rows costs little, rows never move once written, and readers can use a chunk while
 * the writer appends to a later one.
 */
final class Chunks {

    static final int SHIFT = 12;
    /** Rows per chunk: 4,096 (a 128-dim vector chunk is 2 MiB). */
    static final int ROWS = 1 << SHIFT;
    static final int MASK = ROWS - 1;

    private Chunks() {
    }

    /** Chunks needed for {@code rows} rows. */
    static int count(int rows) {
        return (rows + ROWS - 1) >>> SHIFT;
    }
}
