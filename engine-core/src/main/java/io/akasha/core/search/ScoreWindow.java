package io.akasha.core.search;

/**
 * The scores a range search keeps, in the engine's larger-is-better score space:
 * {@code lowExclusive < score <= highInclusive}. Milvus's {@code radius} and
 * {@code range_filter} map onto it through {@link #ofRange}.
 *
 * @param lowExclusive  scores at or below this are dropped
 * @param highInclusive scores above this are dropped
 */
public record ScoreWindow(float lowExclusive, float highInclusive) {

    /** Keeps every score. */
    public static final ScoreWindow ALL = new ScoreWindow(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);

    public boolean contains(float score) {
        return score > lowExclusive && score <= highInclusive;
    }

    public boolean isAll() {
        return lowExclusive == Float.NEGATIVE_INFINITY && highInclusive == Float.POSITIVE_INFINITY;
    }

    /**
     * Milvus's range search: for L2, {@code rangeFilter <= distance < radius}; for IP and COSINE,
     * {@code radius < similarity <= rangeFilter}. Either bound may be null (absent).
     */
    public static ScoreWindow ofRange(io.akasha.core.vector.Similarity similarity, Double radius, Double rangeFilter) {
        if (similarity == io.akasha.core.vector.Similarity.L2) {
            // distance = -score: d < radius  <=>  score > -radius;  d >= rangeFilter  <=>  score <= -rangeFilter
            return new ScoreWindow(radius == null ? Float.NEGATIVE_INFINITY : (float) -radius,
                    rangeFilter == null ? Float.POSITIVE_INFINITY : (float) -rangeFilter);
        }
        return new ScoreWindow(radius == null ? Float.NEGATIVE_INFINITY : radius.floatValue(),
                rangeFilter == null ? Float.POSITIVE_INFINITY : rangeFilter.floatValue());
    }
}
