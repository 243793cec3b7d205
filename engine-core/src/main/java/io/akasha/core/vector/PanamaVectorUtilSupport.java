package io.akasha.core.vector;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the incubating Vector API.
 *
 * <p>The species are {@code static final} because the JIT only turns Vector API calls into
 * machine instructions when the species is a constant. Their width is the CPU's preferred one,
 * or the one the system property {@code akasha.vector.bits} forces (tests use it to exercise
 * other widths; it is read once, when this class initializes).
 *
 * <p>Array and segment kernels have separate bodies, on purpose: measured with JMH on this
 * machine, wrapping arrays in heap segments made the array kernels up to 2x slower. Array
 * kernels finish the part that does not fill a vector in scalar code; segment kernels with one
 * overlapping full-width chunk (see the note above {@code dotProduct4}).
 */
final class PanamaVectorUtilSupport implements VectorUtilSupport {

    static final String BITS_PROPERTY = "akasha.vector.bits";

    private static final VectorSpecies<Float> FLOATS = floatSpecies();
    private static final int LANES = FLOATS.length();
    /** Finishes segment rows whose length is not a multiple of LANES (see tailDot). */
    private static final VectorSpecies<Float> TAIL = FloatVector.SPECIES_128;
    private static final int TAIL_LANES = TAIL.length();
    private static final VectorSpecies<Integer> INTS =
            IntVector.SPECIES_PREFERRED.withShape(FLOATS.vectorShape());
    /*
     * int8 products are widened byte -> short (a product of two bytes fits) -> int. Bytes are loaded
     * at a quarter of the full width, so the 16-bit multiply runs at half width (a full-width
     * multiply on 512-bit registers measured ~15% slower) and the ints fill one full vector. At
     * 128 bits no 32-bit byte species exists: 64 bits of bytes fill two int vectors.
     */
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED
            .withShape(VectorShape.forBitSize(Math.max(64, FLOATS.vectorBitSize() / 4)));
    private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_PREFERRED
            .withShape(VectorShape.forBitSize(BYTES.vectorBitSize() * 2));
    private static final int INT_PARTS = SHORTS.length() / INTS.length();
    private static final boolean USE_FMA = hasFastFma();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** Why this implementation should not be used on this JVM and CPU, or null if it should. */
    static String unsupportedReason() {
        if (FLOATS.vectorBitSize() < 128) {
            return "the CPU's preferred vector size is " + FLOATS.vectorBitSize() + " bits (SIMD needs 128 or more)";
        }
        return null;
    }

    /** A description for logs: width and whether FMA is used. */
    static String describe() {
        return FLOATS.vectorBitSize() + "-bit" + (USE_FMA ? ", FMA" : ", no FMA");
    }

    @Override
    public String name() {
        return "panama-" + FLOATS.vectorBitSize();
    }

    @Override
    public float dotProduct(float[] a, float[] b) {
        int limit = FLOATS.loopBound(a.length);
        int i = 0;
        float sum = 0;
        if (limit > 0) {
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            FloatVector acc2 = FloatVector.zero(FLOATS);
            FloatVector acc3 = FloatVector.zero(FLOATS);
            for (int unrolled = limit - 3 * LANES; i < unrolled; i += 4 * LANES) {
                acc0 = fma(FloatVector.fromArray(FLOATS, a, i), FloatVector.fromArray(FLOATS, b, i), acc0);
                acc1 = fma(FloatVector.fromArray(FLOATS, a, i + LANES), FloatVector.fromArray(FLOATS, b, i + LANES), acc1);
                acc2 = fma(FloatVector.fromArray(FLOATS, a, i + 2 * LANES),
                        FloatVector.fromArray(FLOATS, b, i + 2 * LANES), acc2);
                acc3 = fma(FloatVector.fromArray(FLOATS, a, i + 3 * LANES),
                        FloatVector.fromArray(FLOATS, b, i + 3 * LANES), acc3);
            }
            for (; i < limit; i += LANES) {
                acc0 = fma(FloatVector.fromArray(FLOATS, a, i), FloatVector.fromArray(FLOATS, b, i), acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Override
    public float squareDistance(float[] a, float[] b) {
        int limit = FLOATS.loopBound(a.length);
        int i = 0;
        float sum = 0;
        if (limit > 0) {
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            FloatVector acc2 = FloatVector.zero(FLOATS);
            FloatVector acc3 = FloatVector.zero(FLOATS);
            for (int unrolled = limit - 3 * LANES; i < unrolled; i += 4 * LANES) {
                FloatVector d0 = FloatVector.fromArray(FLOATS, a, i).sub(FloatVector.fromArray(FLOATS, b, i));
                FloatVector d1 = FloatVector.fromArray(FLOATS, a, i + LANES)
                        .sub(FloatVector.fromArray(FLOATS, b, i + LANES));
                FloatVector d2 = FloatVector.fromArray(FLOATS, a, i + 2 * LANES)
                        .sub(FloatVector.fromArray(FLOATS, b, i + 2 * LANES));
                FloatVector d3 = FloatVector.fromArray(FLOATS, a, i + 3 * LANES)
                        .sub(FloatVector.fromArray(FLOATS, b, i + 3 * LANES));
                acc0 = fma(d0, d0, acc0);
                acc1 = fma(d1, d1, acc1);
                acc2 = fma(d2, d2, acc2);
                acc3 = fma(d3, d3, acc3);
            }
            for (; i < limit; i += LANES) {
                FloatVector d = FloatVector.fromArray(FLOATS, a, i).sub(FloatVector.fromArray(FLOATS, b, i));
                acc0 = fma(d, d, acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < a.length; i++) {
            float d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public float dotProduct(float[] query, MemorySegment data, long byteOffset) {
        return dotProductBody(query, data, byteOffset);
    }

    @Override
    public float squareDistance(float[] query, MemorySegment data, long byteOffset) {
        return squareDistanceBody(query, data, byteOffset);
    }

    @Override
    public void dotProductBulk(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
        long stride = (long) query.length * Float.BYTES;
        int v = 0;
        for (; v + 4 <= count; v += 4) {
            long o = byteOffset + v * stride;
            dotProduct4(query, data, o, o + stride, o + 2 * stride, o + 3 * stride, scores, v, 4);
        }
        for (; v < count; v++) {
            scores[v] = dotProduct1(query, data, byteOffset + v * stride);
        }
    }

    @Override
    public void squareDistanceBulk(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
        long stride = (long) query.length * Float.BYTES;
        int v = 0;
        for (; v + 4 <= count; v += 4) {
            long o = byteOffset + v * stride;
            squareDistance4(query, data, o, o + stride, o + 2 * stride, o + 3 * stride, scores, v, 4);
        }
        for (; v < count; v++) {
            scores[v] = squareDistance1(query, data, byteOffset + v * stride);
        }
    }

    /*
     * The gather forms score four scattered rows per pass, like the bulk forms: besides loading
     * each query chunk once for four rows, it keeps four independent memory streams in flight,
     * which is what a graph search, whose rows are cache misses, needs most.
     */

    @Override
    public void dotProductRows(float[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                               float[] scores) {
        long stride = (long) query.length * Float.BYTES;
        int v = 0;
        for (; v + 4 <= count; v += 4) {
            dotProduct4(query, data, byteOffset + rows[v] * stride, byteOffset + rows[v + 1] * stride,
                    byteOffset + rows[v + 2] * stride, byteOffset + rows[v + 3] * stride, scores, v, 4);
        }
        int left = count - v;
        if (left == 1) {
            scores[v] = dotProduct1(query, data, byteOffset + rows[v] * stride);
        } else if (left > 1) {
            long last = byteOffset + rows[count - 1] * stride;
            dotProduct4(query, data, byteOffset + rows[v] * stride, byteOffset + rows[v + 1] * stride, last, last,
                    scores, v, left);
        }
    }

    @Override
    public void squareDistanceRows(float[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                                   float[] scores) {
        long stride = (long) query.length * Float.BYTES;
        int v = 0;
        for (; v + 4 <= count; v += 4) {
            squareDistance4(query, data, byteOffset + rows[v] * stride, byteOffset + rows[v + 1] * stride,
                    byteOffset + rows[v + 2] * stride, byteOffset + rows[v + 3] * stride, scores, v, 4);
        }
        int left = count - v;
        if (left == 1) {
            scores[v] = squareDistance1(query, data, byteOffset + rows[v] * stride);
        } else if (left > 1) {
            long last = byteOffset + rows[count - 1] * stride;
            squareDistance4(query, data, byteOffset + rows[v] * stride, byteOffset + rows[v + 1] * stride, last, last,
                    scores, v, left);
        }
    }

    /*
     * Bulk scoring takes rows four at a time, so each query chunk is loaded once for four rows and
     * four reductions overlap. Every row, in a group of four or alone, gets the same accumulation
     * (one accumulator, chunks in order, then the tail), so its score does not depend on how a
     * scan is split into blocks. The methods are small on purpose: one method doing both metrics
     * and both row counts exceeded C2's node budget (NodeCountInliningCutoff in
     * -XX:+PrintInlining), its vector helpers stopped inlining and the vectors were boxed: 2x slower.
     *
     * Segment rows at least one vector long finish with one more full-width chunk, the one that
     * ends where the row does: it overlaps the chunks already added, and the overlapping lanes
     * are zeroed (in the query chunk, once, for a dot product; in the difference for a squared
     * distance). Unmasked loads and no extra reduction: a 512-bit row of 100 floats got 1.14x
     * faster, 104 floats 1.4x, than with the earlier 128-bit steps and scalar code, each step
     * with its own reduction (bench/RESULTS.md, "Tails"); a masked full-width load had made a
     * row cost 3x. Shorter rows keep the 128-bit steps and scalar code (see tailDot).
     */

    /** Scores four rows; writes the first {@code n} (2 to 4: the rest repeat the last row). */
    private static void dotProduct4(float[] q, MemorySegment data, long o0, long o1, long o2, long o3,
                                    float[] scores, int v, int n) {
        int limit = FLOATS.loopBound(q.length);
        FloatVector a0 = FloatVector.zero(FLOATS), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < limit; i += LANES) {
            FloatVector qv = FloatVector.fromArray(FLOATS, q, i);
            a0 = fma(qv, load(data, o0, i), a0);
            a1 = fma(qv, load(data, o1, i), a1);
            a2 = fma(qv, load(data, o2, i), a2);
            a3 = fma(qv, load(data, o3, i), a3);
        }
        if (limit != q.length && limit > 0) {
            int last = q.length - LANES;
            FloatVector qv = lastChunkOfQuery(q);
            a0 = fma(qv, load(data, o0, last), a0);
            a1 = fma(qv, load(data, o1, last), a1);
            a2 = fma(qv, load(data, o2, last), a2);
            a3 = fma(qv, load(data, o3, last), a3);
            limit = q.length;
        }
        scores[v] = a0.reduceLanes(VectorOperators.ADD) + tailDot(q, data, o0, limit);
        scores[v + 1] = a1.reduceLanes(VectorOperators.ADD) + tailDot(q, data, o1, limit);
        if (n > 2) {
            scores[v + 2] = a2.reduceLanes(VectorOperators.ADD) + tailDot(q, data, o2, limit);
        }
        if (n > 3) {
            scores[v + 3] = a3.reduceLanes(VectorOperators.ADD) + tailDot(q, data, o3, limit);
        }
    }

    private static float dotProduct1(float[] q, MemorySegment data, long o) {
        int limit = FLOATS.loopBound(q.length);
        FloatVector a = FloatVector.zero(FLOATS);
        for (int i = 0; i < limit; i += LANES) {
            a = fma(FloatVector.fromArray(FLOATS, q, i), load(data, o, i), a);
        }
        if (limit != q.length && limit > 0) {
            a = fma(lastChunkOfQuery(q), load(data, o, q.length - LANES), a);
            limit = q.length;
        }
        return a.reduceLanes(VectorOperators.ADD) + tailDot(q, data, o, limit);
    }

    /** Squared distances of four rows; writes the first {@code n} (2 to 4: the rest repeat the last row). */
    private static void squareDistance4(float[] q, MemorySegment data, long o0, long o1, long o2, long o3,
                                        float[] scores, int v, int n) {
        int limit = FLOATS.loopBound(q.length);
        FloatVector a0 = FloatVector.zero(FLOATS), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < limit; i += LANES) {
            FloatVector qv = FloatVector.fromArray(FLOATS, q, i);
            FloatVector d0 = qv.sub(load(data, o0, i));
            FloatVector d1 = qv.sub(load(data, o1, i));
            FloatVector d2 = qv.sub(load(data, o2, i));
            FloatVector d3 = qv.sub(load(data, o3, i));
            a0 = fma(d0, d0, a0);
            a1 = fma(d1, d1, a1);
            a2 = fma(d2, d2, a2);
            a3 = fma(d3, d3, a3);
        }
        if (limit != q.length && limit > 0) {
            int last = q.length - LANES;
            FloatVector qv = FloatVector.fromArray(FLOATS, q, last);
            VectorMask<Float> covered = coveredLanesOfLastChunk(q.length);
            FloatVector d0 = qv.sub(load(data, o0, last)).blend(0f, covered);
            FloatVector d1 = qv.sub(load(data, o1, last)).blend(0f, covered);
            FloatVector d2 = qv.sub(load(data, o2, last)).blend(0f, covered);
            FloatVector d3 = qv.sub(load(data, o3, last)).blend(0f, covered);
            a0 = fma(d0, d0, a0);
            a1 = fma(d1, d1, a1);
            a2 = fma(d2, d2, a2);
            a3 = fma(d3, d3, a3);
            limit = q.length;
        }
        scores[v] = a0.reduceLanes(VectorOperators.ADD) + tailSquare(q, data, o0, limit);
        scores[v + 1] = a1.reduceLanes(VectorOperators.ADD) + tailSquare(q, data, o1, limit);
        if (n > 2) {
            scores[v + 2] = a2.reduceLanes(VectorOperators.ADD) + tailSquare(q, data, o2, limit);
        }
        if (n > 3) {
            scores[v + 3] = a3.reduceLanes(VectorOperators.ADD) + tailSquare(q, data, o3, limit);
        }
    }

    private static float squareDistance1(float[] q, MemorySegment data, long o) {
        int limit = FLOATS.loopBound(q.length);
        FloatVector a = FloatVector.zero(FLOATS);
        for (int i = 0; i < limit; i += LANES) {
            FloatVector d = FloatVector.fromArray(FLOATS, q, i).sub(load(data, o, i));
            a = fma(d, d, a);
        }
        if (limit != q.length && limit > 0) {
            FloatVector d = lastChunkDifference(q, data, o);
            a = fma(d, d, a);
            limit = q.length;
        }
        return a.reduceLanes(VectorOperators.ADD) + tailSquare(q, data, o, limit);
    }

    /**
     * The last full-width chunk of {@code q} (it ends where {@code q} does) with the lanes the
     * main loop covered already set to zero: multiplied with a row's last chunk, it adds just the
     * products of the tail. Rows hold finite values (inserts refuse NaN and infinities), so a
     * zero lane contributes exactly zero.
     */
    private static FloatVector lastChunkOfQuery(float[] q) {
        return FloatVector.fromArray(FLOATS, q, q.length - LANES).blend(0f, coveredLanesOfLastChunk(q.length));
    }

    /**
     * The query's last full-width chunk minus the row's at {@code o}, the lanes the main loop
     * covered already set to zero: squared, it adds just the tail's squared differences.
     */
    private static FloatVector lastChunkDifference(float[] q, MemorySegment data, long o) {
        int last = q.length - LANES;
        return FloatVector.fromArray(FLOATS, q, last).sub(load(data, o, last))
                .blend(0f, coveredLanesOfLastChunk(q.length));
    }

    /** The lanes of the chunk starting at {@code length - LANES} that precede {@code loopBound(length)}. */
    private static VectorMask<Float> coveredLanesOfLastChunk(int length) {
        return FLOATS.indexInRange(0, LANES - (length - FLOATS.loopBound(length)));
    }

    /**
     * The dot product of {@code q[from..]} with the row at {@code o}: 128-bit steps, then scalar
     * (rows shorter than one full-width vector; longer ones end with an overlapping full chunk).
     */
    private static float tailDot(float[] q, MemorySegment data, long o, int from) {
        float sum = 0;
        int i = from;
        for (; i + TAIL_LANES <= q.length; i += TAIL_LANES) {
            sum += FloatVector.fromArray(TAIL, q, i).mul(loadTail(data, o, i)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < q.length; i++) {
            sum += q[i] * data.get(ScalarVectorUtilSupport.FLOAT_LE, o + (long) i * Float.BYTES);
        }
        return sum;
    }

    /** The squared distance of {@code q[from..]} to the row at {@code o}, as {@link #tailDot}. */
    private static float tailSquare(float[] q, MemorySegment data, long o, int from) {
        float sum = 0;
        int i = from;
        for (; i + TAIL_LANES <= q.length; i += TAIL_LANES) {
            FloatVector d = FloatVector.fromArray(TAIL, q, i).sub(loadTail(data, o, i));
            sum += d.mul(d).reduceLanes(VectorOperators.ADD);
        }
        for (; i < q.length; i++) {
            float d = q[i] - data.get(ScalarVectorUtilSupport.FLOAT_LE, o + (long) i * Float.BYTES);
            sum += d * d;
        }
        return sum;
    }

    /*
     * The single-row segment kernels: four accumulators (one row gives no other independent
     * work to hide the FMA latency), then the same last chunk or tail as above.
     */

    private static float dotProductBody(float[] q, MemorySegment data, long offset) {
        int limit = FLOATS.loopBound(q.length);
        int i = 0;
        FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int unrolled = limit - 3 * LANES; i < unrolled; i += 4 * LANES) {
            acc0 = fma(FloatVector.fromArray(FLOATS, q, i), load(data, offset, i), acc0);
            acc1 = fma(FloatVector.fromArray(FLOATS, q, i + LANES), load(data, offset, i + LANES), acc1);
            acc2 = fma(FloatVector.fromArray(FLOATS, q, i + 2 * LANES), load(data, offset, i + 2 * LANES), acc2);
            acc3 = fma(FloatVector.fromArray(FLOATS, q, i + 3 * LANES), load(data, offset, i + 3 * LANES), acc3);
        }
        for (; i < limit; i += LANES) {
            acc0 = fma(FloatVector.fromArray(FLOATS, q, i), load(data, offset, i), acc0);
        }
        if (limit != q.length && limit > 0) {
            acc1 = fma(lastChunkOfQuery(q), load(data, offset, q.length - LANES), acc1);
            limit = q.length;
        }
        return acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD) + tailDot(q, data, offset, limit);
    }

    private static float squareDistanceBody(float[] q, MemorySegment data, long offset) {
        int limit = FLOATS.loopBound(q.length);
        int i = 0;
        FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int unrolled = limit - 3 * LANES; i < unrolled; i += 4 * LANES) {
            FloatVector d0 = FloatVector.fromArray(FLOATS, q, i).sub(load(data, offset, i));
            FloatVector d1 = FloatVector.fromArray(FLOATS, q, i + LANES).sub(load(data, offset, i + LANES));
            FloatVector d2 = FloatVector.fromArray(FLOATS, q, i + 2 * LANES).sub(load(data, offset, i + 2 * LANES));
            FloatVector d3 = FloatVector.fromArray(FLOATS, q, i + 3 * LANES).sub(load(data, offset, i + 3 * LANES));
            acc0 = fma(d0, d0, acc0);
            acc1 = fma(d1, d1, acc1);
            acc2 = fma(d2, d2, acc2);
            acc3 = fma(d3, d3, acc3);
        }
        for (; i < limit; i += LANES) {
            FloatVector d = FloatVector.fromArray(FLOATS, q, i).sub(load(data, offset, i));
            acc0 = fma(d, d, acc0);
        }
        if (limit != q.length && limit > 0) {
            FloatVector d = lastChunkDifference(q, data, offset);
            acc1 = fma(d, d, acc1);
            limit = q.length;
        }
        return acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD)
                + tailSquare(q, data, offset, limit);
    }

    @Override
    public float cosine(float[] a, float[] b) {
        int limit = FLOATS.loopBound(a.length);
        int i = 0;
        float dot = 0, normA = 0, normB = 0;
        if (limit > 0) {
            FloatVector dot0 = FloatVector.zero(FLOATS), dot1 = FloatVector.zero(FLOATS);
            FloatVector na0 = FloatVector.zero(FLOATS), na1 = FloatVector.zero(FLOATS);
            FloatVector nb0 = FloatVector.zero(FLOATS), nb1 = FloatVector.zero(FLOATS);
            for (int unrolled = limit - LANES; i < unrolled; i += 2 * LANES) {
                FloatVector a0 = FloatVector.fromArray(FLOATS, a, i);
                FloatVector b0 = FloatVector.fromArray(FLOATS, b, i);
                FloatVector a1 = FloatVector.fromArray(FLOATS, a, i + LANES);
                FloatVector b1 = FloatVector.fromArray(FLOATS, b, i + LANES);
                dot0 = fma(a0, b0, dot0);
                dot1 = fma(a1, b1, dot1);
                na0 = fma(a0, a0, na0);
                na1 = fma(a1, a1, na1);
                nb0 = fma(b0, b0, nb0);
                nb1 = fma(b1, b1, nb1);
            }
            for (; i < limit; i += LANES) {
                FloatVector a0 = FloatVector.fromArray(FLOATS, a, i);
                FloatVector b0 = FloatVector.fromArray(FLOATS, b, i);
                dot0 = fma(a0, b0, dot0);
                na0 = fma(a0, a0, na0);
                nb0 = fma(b0, b0, nb0);
            }
            dot = dot0.add(dot1).reduceLanes(VectorOperators.ADD);
            normA = na0.add(na1).reduceLanes(VectorOperators.ADD);
            normB = nb0.add(nb1).reduceLanes(VectorOperators.ADD);
        }
        for (; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return (float) (dot / Math.sqrt((double) normA * normB));
    }

    @Override
    public int int8DotProduct(byte[] a, byte[] b) {
        int step = BYTES.length();
        int limit = BYTES.loopBound(a.length);
        int i = 0;
        IntVector acc0 = IntVector.zero(INTS);
        IntVector acc1 = IntVector.zero(INTS);
        for (int unrolled = limit - step; i < unrolled; i += 2 * step) {
            acc0 = accumulateProducts(ByteVector.fromArray(BYTES, a, i), ByteVector.fromArray(BYTES, b, i), acc0);
            acc1 = accumulateProducts(ByteVector.fromArray(BYTES, a, i + step),
                    ByteVector.fromArray(BYTES, b, i + step), acc1);
        }
        for (; i < limit; i += step) {
            acc0 = accumulateProducts(ByteVector.fromArray(BYTES, a, i), ByteVector.fromArray(BYTES, b, i), acc0);
        }
        int sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Override
    public int int8DotProduct(byte[] q, MemorySegment data, long offset) {
        int limit = BYTES.loopBound(q.length);
        int i = 0;
        IntVector acc = IntVector.zero(INTS);
        for (; i < limit; i += BYTES.length()) {
            acc = accumulateProducts(ByteVector.fromArray(BYTES, q, i),
                    ByteVector.fromMemorySegment(BYTES, data, offset + i, LE), acc);
        }
        int sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < q.length; i++) {
            sum += q[i] * data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, offset + i);
        }
        return sum;
    }

    /*
     * The gather form takes rows four at a time, like the float one: each widened query chunk
     * serves four rows, and the four rows' loads are independent, so their cache misses overlap.
     */
    @Override
    public void int8DotProductRows(byte[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                                   int[] dots) {
        long stride = query.length;
        int v = 0;
        for (; v + 4 <= count; v += 4) {
            int8Dot4(query, data, byteOffset + rows[v] * stride, byteOffset + rows[v + 1] * stride,
                    byteOffset + rows[v + 2] * stride, byteOffset + rows[v + 3] * stride, dots, v, 4);
        }
        int left = count - v;
        if (left == 1) {
            dots[v] = int8DotProduct(query, data, byteOffset + rows[v] * stride);
        } else if (left > 1) {
            long last = byteOffset + rows[count - 1] * stride;
            int8Dot4(query, data, byteOffset + rows[v] * stride, byteOffset + rows[v + 1] * stride, last, last,
                    dots, v, left);
        }
    }

    /** int8 dot products of four rows; writes the first {@code n} (2 to 4: the rest repeat the last row). */
    private static void int8Dot4(byte[] q, MemorySegment data, long o0, long o1, long o2, long o3, int[] dots,
                                 int v, int n) {
        int limit = BYTES.loopBound(q.length);
        IntVector a0 = IntVector.zero(INTS), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < limit; i += BYTES.length()) {
            Vector<Short> qv = widen(ByteVector.fromArray(BYTES, q, i));
            a0 = accumulateProducts(qv, widen(ByteVector.fromMemorySegment(BYTES, data, o0 + i, LE)), a0);
            a1 = accumulateProducts(qv, widen(ByteVector.fromMemorySegment(BYTES, data, o1 + i, LE)), a1);
            a2 = accumulateProducts(qv, widen(ByteVector.fromMemorySegment(BYTES, data, o2 + i, LE)), a2);
            a3 = accumulateProducts(qv, widen(ByteVector.fromMemorySegment(BYTES, data, o3 + i, LE)), a3);
        }
        dots[v] = a0.reduceLanes(VectorOperators.ADD) + int8Tail(q, data, o0, limit);
        dots[v + 1] = a1.reduceLanes(VectorOperators.ADD) + int8Tail(q, data, o1, limit);
        if (n > 2) {
            dots[v + 2] = a2.reduceLanes(VectorOperators.ADD) + int8Tail(q, data, o2, limit);
        }
        if (n > 3) {
            dots[v + 3] = a3.reduceLanes(VectorOperators.ADD) + int8Tail(q, data, o3, limit);
        }
    }

    private static int int8Tail(byte[] q, MemorySegment data, long offset, int from) {
        int sum = 0;
        for (int i = from; i < q.length; i++) {
            sum += q[i] * data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, offset + i);
        }
        return sum;
    }

    private static IntVector accumulateProducts(ByteVector a, ByteVector b, IntVector acc) {
        return accumulateProducts(widen(a), widen(b), acc);
    }

    private static IntVector accumulateProducts(Vector<Short> a, Vector<Short> b, IntVector acc) {
        Vector<Short> products = a.mul(b);
        for (int part = 0; part < INT_PARTS; part++) {
            acc = acc.add(products.convertShape(VectorOperators.S2I, INTS, part));
        }
        return acc;
    }

    private static Vector<Short> widen(ByteVector bytes) {
        return bytes.convertShape(VectorOperators.B2S, SHORTS, 0);
    }

    private static FloatVector load(MemorySegment data, long offset, int index) {
        return FloatVector.fromMemorySegment(FLOATS, data, offset + (long) index * Float.BYTES, LE);
    }

    private static FloatVector loadTail(MemorySegment data, long offset, int index) {
        return FloatVector.fromMemorySegment(TAIL, data, offset + (long) index * Float.BYTES, LE);
    }

    private static FloatVector fma(FloatVector a, FloatVector b, FloatVector acc) {
        return USE_FMA ? a.fma(b, acc) : a.mul(b).add(acc);
    }

    private static VectorSpecies<Float> floatSpecies() {
        String forced = System.getProperty(BITS_PROPERTY);
        if (forced == null || forced.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return switch (forced.trim()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException(
                    BITS_PROPERTY + "=" + forced + " is not a vector width: use 128, 256 or 512");
        };
    }

    /**
     * FMA is a single instruction only where the CPU has it; emulated it is far slower than a
     * multiply and an add. HotSpot's {@code UseFMA} flag says which.
     */
    private static boolean hasFastFma() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return bean != null && Boolean.parseBoolean(bean.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Table lookups do not vectorize without a gather; the scalar loop (four sums) serves. */
    @Override
    public void pqScoreRows(float[] table, int subspaces, MemorySegment codes, long byteOffset, int[] rows, int count,
                            float[] scores) {
        ProductQuantizer.adcRows(table, subspaces, codes, byteOffset, rows, count, scores);
    }
}
