package io.akasha.core.segment;

import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

import io.akasha.core.search.BlockOffers;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.search.TopK;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * Exact search over a {@link VectorColumn}: either every row (bulk kernels, block by block) or
 * only the rows of a bitmap (one row at a time, which wins when few rows pass a filter).
 */
final class ExactScan {

    /** Rows scored per gather call in the bitmap plan. */
    private static final int GATHER = 64;

    private ExactScan() {
    }

    /** Scores rows {@code from..to-1} block by block, offering those {@code filter} and {@code window} accept. */
    static void rowRange(VectorColumn.Storage storage, Similarity metric, float[] query, int from, int to, TopK top,
                         ScoreWindow window, RowFilter filter) {
        int blockRows = storage.blockRows();
        // 1,024 scores stay in L1; a compacted block is scored in slices of that size.
        float[] scores = new float[Math.min(1024, Math.max(to - from, 1))];
        for (int row = from; row < to; ) {
            int b = row / blockRows;
            int inBlock = row - b * blockRows;
            int count = Math.min(scores.length, Math.min(blockRows - inBlock, to - row));
            FloatVectors block = storage.scoringBlock(b);
            metric.scoreBulk(query, block.segment(), block.offset(inBlock), count, scores);
            BlockOffers.offer(scores, count, row, top, window, filter);
            row += count;
        }
    }

    /**
     * Scores only the rows in {@code rows}, gathered {@value #GATHER} at a time per storage block
     * with the gather kernel, whose four rows per pass keep several cache misses in flight.
     */
    static void bitmapRows(VectorColumn.Storage storage, Similarity metric, float[] query, RoaringBitmap rows,
                           TopK top, ScoreWindow window) {
        int[] local = new int[GATHER];
        float[] scores = new float[GATHER];
        int pending = 0;
        int pendingBlock = -1;
        int blockRows = storage.blockRows();
        PeekableIntIterator it = rows.getIntIterator();
        while (it.hasNext()) {
            int row = it.next();
            int block = row / blockRows;
            if (pending == GATHER || (pending > 0 && block != pendingBlock)) {
                offerGathered(storage, metric, query, pendingBlock, local, pending, scores, top, window);
                pending = 0;
            }
            pendingBlock = block;
            local[pending++] = row - block * blockRows;
        }
        if (pending > 0) {
            offerGathered(storage, metric, query, pendingBlock, local, pending, scores, top, window);
        }
    }

    private static void offerGathered(VectorColumn.Storage storage, Similarity metric, float[] query, int block,
                                      int[] local, int count, float[] scores, TopK top, ScoreWindow window) {
        FloatVectors vectors = storage.scoringBlock(block);
        metric.scoreRows(query, vectors.segment(), 0, local, count, scores);
        int first = block * storage.blockRows();
        for (int i = 0; i < count; i++) {
            if (window.contains(scores[i])) {
                top.offer(scores[i], first + local[i]);
            }
        }
    }
}
