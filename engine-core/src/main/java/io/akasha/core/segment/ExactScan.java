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

    private ExactScan() {
    }

    /** Scores rows {@code 0..rows-1} block by block, offering those {@code filter} and {@code window} accept. */
    static void allRows(VectorColumn.Storage storage, Similarity metric, float[] query, int rows, TopK top,
                        ScoreWindow window, RowFilter filter) {
        int blockRows = storage.blockRows();
        // 1,024 scores stay in L1; a compacted block is scored in slices of that size.
        float[] scores = new float[Math.min(1024, Math.max(rows, 1))];
        for (int first = 0, b = 0; first < rows; first += blockRows, b++) {
            FloatVectors block = storage.scoringBlock(b);
            for (int offset = 0; offset < Math.min(blockRows, rows - first); offset += scores.length) {
                int count = Math.min(scores.length, Math.min(blockRows, rows - first) - offset);
                metric.scoreBulk(query, block.segment(), block.offset(offset), count, scores);
                BlockOffers.offer(scores, count, first + offset, top, window, filter);
            }
        }
    }

    /** Scores only the rows in {@code rows}. */
    static void bitmapRows(VectorColumn.Storage storage, Similarity metric, float[] query, RoaringBitmap rows,
                           TopK top, ScoreWindow window) {
        float[] score = new float[1];
        PeekableIntIterator it = rows.getIntIterator();
        while (it.hasNext()) {
            int row = it.next();
            metric.scoreBulk(query, storage.scoringBlockOf(row).segment(), storage.scoringOffset(row), 1, score);
            if (window.contains(score[0])) {
                top.offer(score[0], row);
            }
        }
    }
}
