package io.akasha.core.vector;

/**
 * The metric of a vector field.
 *
 * <p>Inside the engine every metric is turned into a score where larger is better, so that one
 * top-k collector serves all three. What the API reports follows Milvus: the squared Euclidean
 * distance for {@link #L2} (smaller is closer), the similarity itself for {@link #IP} and
 * {@link #COSINE}.
 *
 * <p>{@link #COSINE} is computed as the inner product of unit vectors: indexes normalize stored
 * vectors once, and {@link #prepareQuery} normalizes the query.
 */
public enum Similarity {
    /** Squared Euclidean distance. */
    L2,
    /** Inner product. */
    IP,
    /** Cosine similarity. */
    COSINE;

    /** Whether stored vectors must be normalized to unit length before scoring with {@link #score}. */
    public boolean normalizesVectors() {
        return this == COSINE;
    }

    /**
     * The engine score of two vectors, larger is better. For {@link #COSINE} both must already be
     * unit length (see {@link #normalizesVectors()}).
     */
    public float score(float[] query, float[] vector) {
        return switch (this) {
            case L2 -> -VectorUtil.squareDistance(query, vector);
            case IP, COSINE -> VectorUtil.dotProduct(query, vector);
        };
    }

    /** Scores {@code count} contiguous vectors stored from {@code byteOffset}, larger is better. */
    public void scoreBulk(float[] query, java.lang.foreign.MemorySegment data, long byteOffset, int count,
                          float[] scores) {
        switch (this) {
            case L2 -> {
                VectorUtil.squareDistanceBulk(query, data, byteOffset, count, scores);
                for (int i = 0; i < count; i++) {
                    scores[i] = -scores[i];
                }
            }
            case IP, COSINE -> VectorUtil.dotProductBulk(query, data, byteOffset, count, scores);
        }
    }

    /**
     * Scores rows {@code rows[0..count)} of the row-major vectors starting at {@code byteOffset},
     * larger is better.
     */
    public void scoreRows(float[] query, java.lang.foreign.MemorySegment data, long byteOffset, int[] rows, int count,
                          float[] scores) {
        switch (this) {
            case L2 -> {
                VectorUtil.squareDistanceRows(query, data, byteOffset, rows, count, scores);
                for (int i = 0; i < count; i++) {
                    scores[i] = -scores[i];
                }
            }
            case IP, COSINE -> VectorUtil.dotProductRows(query, data, byteOffset, rows, count, scores);
        }
    }

    /** What the API reports for an engine score: squared distance for L2, similarity otherwise. */
    public float reportedValue(float score) {
        return this == L2 ? -score : score;
    }

    /**
     * Returns the query to score with: a normalized copy for {@link #COSINE}, the query itself
     * otherwise. Rejects a zero query for COSINE, whose similarity is undefined.
     */
    public float[] prepareQuery(float[] query) {
        if (this != COSINE) {
            return query;
        }
        float[] copy = query.clone();
        VectorUtil.normalize(copy);
        return copy;
    }
}
