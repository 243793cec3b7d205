package io.akasha.core.search;

/**
 * Recall@k: the fraction of a query's true k nearest neighbours that a search returned among its
 * first k results, averaged over queries. Results shorter than k count the missing places as misses.
 */
public final class Recall {

    private Recall() {
    }

    /** Recall@k of one query. */
    public static double ofQuery(int[] result, int[] truth, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        if (truth.length < k) {
            throw new IllegalArgumentException("ground truth has " + truth.length + " neighbours, fewer than k=" + k);
        }
        int found = 0;
        int limit = Math.min(k, result.length);
        for (int i = 0; i < limit; i++) {
            for (int j = 0; j < k; j++) {
                if (result[i] == truth[j]) {
                    found++;
                    break;
                }
            }
        }
        return (double) found / k;
    }

    /** Mean recall@k over {@code results.length} queries, against the first rows of {@code truth}. */
    public static double atK(int[][] results, int[][] truth, int k) {
        if (results.length == 0) {
            throw new IllegalArgumentException("no query results to measure");
        }
        if (truth.length < results.length) {
            throw new IllegalArgumentException(results.length + " queries but only " + truth.length
                    + " ground-truth rows");
        }
        double sum = 0;
        for (int q = 0; q < results.length; q++) {
            sum += ofQuery(results[q], truth[q], k);
        }
        return sum / results.length;
    }
}
