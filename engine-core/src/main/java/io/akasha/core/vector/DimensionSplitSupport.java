package io.akasha.core.vector;

import java.lang.foreign.MemorySegment;

/**
 * Serves a kernel with one implementation for short vectors and another for long ones, split at
 * a measured dimension: the C kernels win where a call's fixed costs (reductions, the tail of a
 * row) weigh most, Panama's wider vectors where the loop does (bench/RESULTS.md, "Native kernels
 * against Panama"). The length of the vector argument decides (for PQ scores, the subspaces).
 * A record, so that the JIT trusts its fields as constants: bound to a {@code static final} field
 * of {@link VectorUtil}, a call costs one compare more than a direct one.
 *
 * @param shortVectors serves vectors shorter than {@code below}
 * @param longVectors  serves the others
 * @param below        the first dimension {@code longVectors} serves
 */
record DimensionSplitSupport(VectorUtilSupport shortVectors, VectorUtilSupport longVectors, int below)
        implements VectorUtilSupport {

    private VectorUtilSupport forDimension(int dimension) {
        return dimension < below ? shortVectors : longVectors;
    }

    @Override
    public String name() {
        return shortVectors.name() + " below dim " + below + ", else " + longVectors.name();
    }

    @Override
    public float dotProduct(float[] a, float[] b) {
        return forDimension(a.length).dotProduct(a, b);
    }

    @Override
    public float squareDistance(float[] a, float[] b) {
        return forDimension(a.length).squareDistance(a, b);
    }

    @Override
    public float cosine(float[] a, float[] b) {
        return forDimension(a.length).cosine(a, b);
    }

    @Override
    public float dotProduct(float[] query, MemorySegment data, long byteOffset) {
        return forDimension(query.length).dotProduct(query, data, byteOffset);
    }

    @Override
    public float squareDistance(float[] query, MemorySegment data, long byteOffset) {
        return forDimension(query.length).squareDistance(query, data, byteOffset);
    }

    @Override
    public void dotProductBulk(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
        forDimension(query.length).dotProductBulk(query, data, byteOffset, count, scores);
    }

    @Override
    public void squareDistanceBulk(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
        forDimension(query.length).squareDistanceBulk(query, data, byteOffset, count, scores);
    }

    @Override
    public void dotProductRows(float[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                               float[] scores) {
        forDimension(query.length).dotProductRows(query, data, byteOffset, rows, count, scores);
    }

    @Override
    public void squareDistanceRows(float[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                                   float[] scores) {
        forDimension(query.length).squareDistanceRows(query, data, byteOffset, rows, count, scores);
    }

    @Override
    public int int8DotProduct(byte[] a, byte[] b) {
        return forDimension(a.length).int8DotProduct(a, b);
    }

    @Override
    public int int8DotProduct(byte[] query, MemorySegment data, long byteOffset) {
        return forDimension(query.length).int8DotProduct(query, data, byteOffset);
    }

    @Override
    public void int8DotProductRows(byte[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                                   int[] dots) {
        forDimension(query.length).int8DotProductRows(query, data, byteOffset, rows, count, dots);
    }

    @Override
    public void pqScoreRows(float[] table, int subspaces, MemorySegment codes, long byteOffset, int[] rows, int count,
                            float[] scores) {
        forDimension(subspaces).pqScoreRows(table, subspaces, codes, byteOffset, rows, count, scores);
    }
}
