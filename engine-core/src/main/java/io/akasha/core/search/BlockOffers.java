package io.akasha.core.search;

/** Offers a block of scored rows to a {@link TopK}, the inner loop every exact scan shares. */
public final class BlockOffers {

    private BlockOffers() {
    }

    /**
     * Offers rows {@code firstRow .. firstRow + count - 1}, whose scores are {@code scores[0..count)},
     * skipping rows outside {@code window} or rejected by {@code filter}.
     */
    public static void offer(float[] scores, int count, int firstRow, TopK top, ScoreWindow window, RowFilter filter) {
        // Most rows lose to the current k-th best: a float comparison rejects them before the
        // filter, any packing or heap work (measured: ~5 ns per row of 15 on a cached scan).
        float threshold = top.threshold();
        boolean allRows = filter == RowFilter.ALL;
        boolean allScores = window.isAll();
        for (int i = 0; i < count; i++) {
            float score = scores[i];
            if (score >= threshold && (allScores || window.contains(score))
                    && (allRows || filter.accept(firstRow + i))
                    && top.offer(TopK.encode(score, firstRow + i))) {
                threshold = top.threshold();
            }
        }
    }
}
