package io.akasha.core.search;

/**
 * The neighbours one query found, best first.
 *
 * @param ids    row ids, best first
 * @param scores engine scores (larger is better) in the same order; see
 *               {@link io.akasha.core.vector.Similarity#reportedValue} for what the API reports
 */
public record SearchResult(int[] ids, float[] scores) {

    public int size() {
        return ids.length;
    }
}
