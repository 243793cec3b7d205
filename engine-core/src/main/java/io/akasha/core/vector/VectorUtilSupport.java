package io.akasha.core.vector;

import java.lang.foreign.MemorySegment;

/**
 * The distance kernels, one implementation per strategy (scalar, Panama SIMD, native through the
 * {@link NativeKernelsProvider} of the {@code akasha-native} module).
 *
 * <p>Callers go through {@link VectorUtil}, which checks arguments once and dispatches each
 * {@link Kernel} to the implementation {@link VectorizationProvider} chose for it. Implementations
 * may therefore assume equal lengths; segment reads stay bounds-checked by the segment itself.
 *
 * <p>Vectors stored in a {@link MemorySegment} are {@code dim} little-endian float32 values
 * starting at a byte offset; bulk forms read {@code count} such vectors back to back, with a
 * stride of {@code dim * 4} bytes, where {@code dim} is the query's length.
 */
public interface VectorUtilSupport {

    /** A short name for logs and benchmarks, for example {@code "panama-256"}. */
    String name();

    float dotProduct(float[] a, float[] b);

    float squareDistance(float[] a, float[] b);

    /** Cosine similarity; 0 when either vector has zero norm is the caller's concern. */
    float cosine(float[] a, float[] b);

    float dotProduct(float[] query, MemorySegment data, long byteOffset);

    float squareDistance(float[] query, MemorySegment data, long byteOffset);

    /** Scores {@code count} contiguous vectors against {@code query}, writing {@code scores[0..count)}. */
    void dotProductBulk(float[] query, MemorySegment data, long byteOffset, int count, float[] scores);

    /** Squared distances of {@code count} contiguous vectors to {@code query} into {@code scores[0..count)}. */
    void squareDistanceBulk(float[] query, MemorySegment data, long byteOffset, int count, float[] scores);

    /**
     * Scores the rows {@code rows[0..count)} of a row-major matrix starting at {@code byteOffset}
     * (row {@code r} at {@code byteOffset + r * dim * 4}) against {@code query}: the gather form that
     * graph searches and bitmap plans use. A row scores exactly as in {@link #dotProductBulk}.
     */
    void dotProductRows(float[] query, MemorySegment data, long byteOffset, int[] rows, int count, float[] scores);

    /** The squared-distance form of {@link #dotProductRows}. */
    void squareDistanceRows(float[] query, MemorySegment data, long byteOffset, int[] rows, int count, float[] scores);

    /** Dot product of two int8 vectors, exact in int arithmetic. */
    int int8DotProduct(byte[] a, byte[] b);

    /** Dot product of an int8 query and {@code query.length} int8 values at {@code byteOffset}. */
    int int8DotProduct(byte[] query, MemorySegment data, long byteOffset);

    /**
     * int8 dot products of {@code query} with the rows {@code rows[0..count)} of a row-major int8
     * matrix starting at {@code byteOffset} (row {@code r} at {@code byteOffset + r * query.length}),
     * into {@code dots[0..count)}: the gather form graph searches over int8 codes use. Exact.
     */
    void int8DotProductRows(byte[] query, MemorySegment data, long byteOffset, int[] rows, int count, int[] dots);

    /**
     * Product-quantization (ADC) scores of the coded rows {@code rows[0..count)}: row {@code r}'s
     * {@code subspaces} code bytes lie at {@code byteOffset + r * subspaces}, and its score is the
     * sum over subspaces {@code m} of {@code table[m * 256 + code[m]]} (the table {@link
     * ProductQuantizer#scoreTable} fills), into {@code scores[0..count)}.
     */
    void pqScoreRows(float[] table, int subspaces, MemorySegment codes, long byteOffset, int[] rows, int count,
                     float[] scores);
}
