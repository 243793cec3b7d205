package io.akasha.hnsw;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Int8Quantizer;
import io.akasha.core.vector.Similarity;
import io.akasha.core.vector.VectorUtil;
import io.akasha.storage.HugePageBlocks;

/**
 * The int8 codes of a graph's vectors ({@link Int8Quantizer}), which a quantized graph search
 * scores instead of the float vectors: a quarter of the bytes per visited node. Each vector also
 * has one float, its share of the score that does not depend on the query, so that a node scores
 * with one int8 dot product:
 * <pre>
 * decoded x = center + step * c   (c the codes, S(c) their sum, d the dimension)
 * IP, COSINE: score = step^2 * dot(cq, cx) + [center * step * S(cx)]
 *                   + (d * center^2 + center * step * S(cq))
 * L2 (-distance^2) = 2 * step^2 * dot(cq, cx) + [2 * center * step * S(cx) - |x|^2]
 *                   + (2 * d * center^2 + 2 * center * step * S(cq) - |q|^2)
 * </pre>
 * where [..] is the stored per-vector correction and (..) the query's constant, both over the
 * decoded values. The query is quantized too, so scores are approximate: searches rerank their
 * shortlist with the float vectors.
 */
final class QuantizedVectors implements AutoCloseable {

    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Int8Quantizer quantizer;
    private final Similarity similarity;
    private final int dim;
    private final MemorySegment codes;
    private final MemorySegment corrections;
    /** Owns the memory of freshly encoded vectors; null when the segments are a mapped file's. */
    private final Arena arena;
    private final float dotScale;

    private QuantizedVectors(Int8Quantizer quantizer, Similarity similarity, int dim, MemorySegment codes,
                             MemorySegment corrections, Arena arena) {
        this.quantizer = quantizer;
        this.similarity = similarity;
        this.dim = dim;
        this.codes = codes;
        this.corrections = corrections;
        this.arena = arena;
        float stepSquared = quantizer.step() * quantizer.step();
        this.dotScale = similarity == Similarity.L2 ? 2 * stepSquared : stepSquared;
    }

    /** Trains a quantizer on {@code scoring} (the vectors as searches score them) and encodes every one. */
    static QuantizedVectors encode(FloatVectors scoring, Similarity similarity) {
        Int8Quantizer quantizer = Int8Quantizer.train(scoring);
        int dim = scoring.dim();
        int count = scoring.count();
        Arena arena = Arena.ofShared();
        MemorySegment codes = HugePageBlocks.allocate(arena, Math.max(1L, (long) count * dim), 64);
        MemorySegment corrections = arena.allocate(Math.max(1L, (long) count * Float.BYTES), 64);
        QuantizedVectors quantized = new QuantizedVectors(quantizer, similarity, dim, codes, corrections, arena);
        float[] row = new float[dim];
        byte[] code = new byte[dim];
        for (int i = 0; i < count; i++) {
            scoring.get(i, row);
            int sum = quantizer.encode(row, code);
            MemorySegment.copy(code, 0, codes, ValueLayout.JAVA_BYTE, (long) i * dim, dim);
            corrections.set(FLOAT, (long) i * Float.BYTES, quantized.correction(sum, code));
        }
        return quantized;
    }

    /** Codes and corrections read in place from a graph file (which the caller keeps open). */
    static QuantizedVectors mapped(Int8Quantizer quantizer, Similarity similarity, int dim, MemorySegment codes,
                                   MemorySegment corrections) {
        return new QuantizedVectors(quantizer, similarity, dim, codes, corrections, null);
    }

    /** The query-independent part of a vector's score, from its codes and their sum. */
    private float correction(int codeSum, byte[] code) {
        float linear = quantizer.center() * quantizer.step() * codeSum;
        return similarity == Similarity.L2 ? 2 * linear - quantizer.decodedSquareNorm(code) : linear;
    }

    /**
     * Quantizes {@code query} (already in scoring form) into {@code queryCodes} and returns its
     * constant, which {@link #scoreRows} adds to every score.
     */
    float prepareQuery(float[] query, byte[] queryCodes) {
        int sum = quantizer.encode(query, queryCodes);
        float center = quantizer.center();
        float constant = dim * center * center + center * quantizer.step() * sum;
        return similarity == Similarity.L2 ? 2 * constant - quantizer.decodedSquareNorm(queryCodes) : constant;
    }

    /**
     * Approximate scores of {@code rows[0..count)} (larger is better, as {@link Similarity#scoreRows}),
     * through {@code dots}, a buffer of at least {@code count} ints.
     */
    void scoreRows(byte[] queryCodes, float queryConstant, int[] rows, int count, int[] dots, float[] scores) {
        VectorUtil.int8DotProductRows(queryCodes, codes, 0, rows, count, dots);
        for (int i = 0; i < count; i++) {
            scores[i] = dotScale * dots[i] + corrections.get(FLOAT, (long) rows[i] * Float.BYTES) + queryConstant;
        }
    }

    /**
     * Loads the first code of every row in {@code rows[0..count)} so that their cache misses
     * overlap before the rows are scored one by one; returns a value to keep the loads alive.
     */
    int touch(int[] rows, int count) {
        int touched = 0;
        for (int i = 0; i < count; i++) {
            touched += codes.get(ValueLayout.JAVA_BYTE, (long) rows[i] * dim);
        }
        return touched;
    }

    Int8Quantizer quantizer() {
        return quantizer;
    }

    MemorySegment codes() {
        return codes;
    }

    MemorySegment corrections() {
        return corrections;
    }

    int dim() {
        return dim;
    }

    /** Bytes of codes and corrections. */
    long memoryBytes() {
        return codes.byteSize() + corrections.byteSize();
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }
}
