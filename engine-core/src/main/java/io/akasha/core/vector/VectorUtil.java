package io.akasha.core.vector;

import java.lang.foreign.MemorySegment;

/**
 * Entry point to the distance kernels.
 *
 * <p>Each kernel is bound once, at class initialization, to the implementation that
 * {@link VectorizationProvider} chose for it; the binding is a {@code static final} field, so
 * the JIT inlines straight through it. Arguments are checked here, once, so that the
 * implementations stay branch-free.
 */
public final class VectorUtil {

    private static final VectorizationProvider PROVIDER = VectorizationProvider.get();
    private static final VectorUtilSupport DOT = PROVIDER.support(Kernel.DOT_PRODUCT);
    private static final VectorUtilSupport SQUARE = PROVIDER.support(Kernel.SQUARE_DISTANCE);
    private static final VectorUtilSupport COSINE = PROVIDER.support(Kernel.COSINE);
    private static final VectorUtilSupport DOT_BULK = PROVIDER.support(Kernel.DOT_PRODUCT_BULK);
    private static final VectorUtilSupport SQUARE_BULK = PROVIDER.support(Kernel.SQUARE_DISTANCE_BULK);
    private static final VectorUtilSupport DOT_ROWS = PROVIDER.support(Kernel.DOT_PRODUCT_ROWS);
    private static final VectorUtilSupport SQUARE_ROWS = PROVIDER.support(Kernel.SQUARE_DISTANCE_ROWS);
    private static final VectorUtilSupport INT8_DOT = PROVIDER.support(Kernel.INT8_DOT_PRODUCT);
    private static final VectorUtilSupport INT8_DOT_ROWS = PROVIDER.support(Kernel.INT8_DOT_PRODUCT_ROWS);
    private static final VectorUtilSupport PQ_ROWS = PROVIDER.support(Kernel.PQ_SCORE_ROWS);

    private VectorUtil() {
    }

    public static float dotProduct(float[] a, float[] b) {
        checkSameLength(a.length, b.length);
        return DOT.dotProduct(a, b);
    }

    public static float squareDistance(float[] a, float[] b) {
        checkSameLength(a.length, b.length);
        return SQUARE.squareDistance(a, b);
    }

    /** Cosine similarity of two vectors of any norm; NaN-free: 0 if either vector is zero. */
    public static float cosine(float[] a, float[] b) {
        checkSameLength(a.length, b.length);
        float cosine = COSINE.cosine(a, b);
        return Float.isNaN(cosine) ? 0f : cosine;
    }

    /** Dot product of {@code query} with the vector of the same length stored at {@code byteOffset}. */
    public static float dotProduct(float[] query, MemorySegment data, long byteOffset) {
        return DOT.dotProduct(query, data, byteOffset);
    }

    /** Squared distance of {@code query} to the vector of the same length stored at {@code byteOffset}. */
    public static float squareDistance(float[] query, MemorySegment data, long byteOffset) {
        return SQUARE.squareDistance(query, data, byteOffset);
    }

    /** Dot products of {@code query} with {@code count} contiguous vectors, into {@code scores}. */
    public static void dotProductBulk(float[] query, MemorySegment data, long byteOffset, int count,
                                      float[] scores) {
        checkBulk(count, scores);
        DOT_BULK.dotProductBulk(query, data, byteOffset, count, scores);
    }

    /** Squared distances of {@code count} contiguous vectors to {@code query}, into {@code scores}. */
    public static void squareDistanceBulk(float[] query, MemorySegment data, long byteOffset, int count,
                                          float[] scores) {
        checkBulk(count, scores);
        SQUARE_BULK.squareDistanceBulk(query, data, byteOffset, count, scores);
    }

    /** Dot products of {@code query} with rows {@code rows[0..count)} of the matrix at {@code byteOffset}. */
    public static void dotProductRows(float[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                                      float[] scores) {
        checkRows(count, rows, scores);
        DOT_ROWS.dotProductRows(query, data, byteOffset, rows, count, scores);
    }

    /** Squared distances of rows {@code rows[0..count)} of the matrix at {@code byteOffset} to {@code query}. */
    public static void squareDistanceRows(float[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                                          float[] scores) {
        checkRows(count, rows, scores);
        SQUARE_ROWS.squareDistanceRows(query, data, byteOffset, rows, count, scores);
    }

    public static int int8DotProduct(byte[] a, byte[] b) {
        checkSameLength(a.length, b.length);
        return INT8_DOT.int8DotProduct(a, b);
    }

    public static int int8DotProduct(byte[] query, MemorySegment data, long byteOffset) {
        return INT8_DOT.int8DotProduct(query, data, byteOffset);
    }

    /** int8 dot products of {@code query} with rows {@code rows[0..count)} of the int8 matrix at {@code byteOffset}. */
    public static void int8DotProductRows(byte[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                                          int[] dots) {
        if (count < 0 || count > rows.length || count > dots.length) {
            throw new IllegalArgumentException("rows count " + count + " must be in [0, " + Math.min(rows.length,
                    dots.length) + "] (the rows and dots array lengths)");
        }
        INT8_DOT_ROWS.int8DotProductRows(query, data, byteOffset, rows, count, dots);
    }

    /**
     * ADC scores of the coded rows {@code rows[0..count)} (each {@code subspaces} code bytes, row
     * {@code r} at {@code byteOffset + r * subspaces}) for the query {@code table} describes, into
     * {@code scores}; see {@link VectorUtilSupport#pqScoreRows}.
     */
    public static void pqScoreRows(float[] table, int subspaces, MemorySegment codes, long byteOffset, int[] rows,
                                   int count, float[] scores) {
        checkRows(count, rows, scores);
        if (subspaces < 1 || table.length < subspaces * ProductQuantizer.MAX_CENTROIDS) {
            throw new IllegalArgumentException("a table of " + table.length + " entries cannot score " + subspaces
                    + " subspaces (it needs " + ProductQuantizer.MAX_CENTROIDS + " per subspace)");
        }
        PQ_ROWS.pqScoreRows(table, subspaces, codes, byteOffset, rows, count, scores);
    }

    /**
     * Scales {@code vector} in place to unit length.
     *
     * @throws IllegalArgumentException if the vector is zero or its norm is not finite, for which
     *                                  cosine similarity is undefined
     */
    public static void normalize(float[] vector) {
        double norm = Math.sqrt(DOT.dotProduct(vector, vector));
        if (norm == 0 || !Double.isFinite(norm)) {
            throw new IllegalArgumentException(
                    "cannot normalize a vector of norm " + norm + ": cosine similarity needs a non-zero, finite vector");
        }
        float inverse = (float) (1.0 / norm);
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= inverse;
        }
    }

    /** The implementation bound to {@code kernel}, for logs, benchmarks and tests. */
    public static VectorUtilSupport implementationOf(Kernel kernel) {
        return PROVIDER.support(kernel);
    }

    private static void checkSameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("vector dimensions differ: " + a + " != " + b);
        }
    }

    private static void checkRows(int count, int[] rows, float[] scores) {
        if (count < 0 || count > rows.length || count > scores.length) {
            throw new IllegalArgumentException("rows count " + count + " must be in [0, " + Math.min(rows.length,
                    scores.length) + "] (the rows and scores array lengths)");
        }
    }

    private static void checkBulk(int count, float[] scores) {
        if (count < 0 || count > scores.length) {
            throw new IllegalArgumentException(
                    "bulk count " + count + " must be in [0, " + scores.length + "] (the scores array length)");
        }
    }
}
