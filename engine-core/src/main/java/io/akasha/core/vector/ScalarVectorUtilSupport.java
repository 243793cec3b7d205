package io.akasha.core.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Plain Java kernels: the fallback when the Vector API is unavailable, and the reference every
 * other implementation is tested against.
 *
 * <p>Four independent accumulators break the floating-point dependency chain (the JIT may not
 * reorder float additions itself), which is most of what plain Java can gain here.
 */
public final class ScalarVectorUtilSupport implements VectorUtilSupport {

    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dotProduct(float[] a, float[] b) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        int bound = a.length & ~3;
        for (; i < bound; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float squareDistance(float[] a, float[] b) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        int bound = a.length & ~3;
        for (; i < bound; i += 4) {
            float d0 = a[i] - b[i];
            float d1 = a[i + 1] - b[i + 1];
            float d2 = a[i + 2] - b[i + 2];
            float d3 = a[i + 3] - b[i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < a.length; i++) {
            float d = a[i] - b[i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float cosine(float[] a, float[] b) {
        float dot = 0, normA = 0, normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return (float) (dot / Math.sqrt((double) normA * normB));
    }

    @Override
    public float dotProduct(float[] query, MemorySegment data, long byteOffset) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        int bound = query.length & ~3;
        for (; i < bound; i += 4) {
            long at = byteOffset + (long) i * Float.BYTES;
            s0 += query[i] * data.get(FLOAT_LE, at);
            s1 += query[i + 1] * data.get(FLOAT_LE, at + 4);
            s2 += query[i + 2] * data.get(FLOAT_LE, at + 8);
            s3 += query[i + 3] * data.get(FLOAT_LE, at + 12);
        }
        for (; i < query.length; i++) {
            s0 += query[i] * data.get(FLOAT_LE, byteOffset + (long) i * Float.BYTES);
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float squareDistance(float[] query, MemorySegment data, long byteOffset) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        int bound = query.length & ~3;
        for (; i < bound; i += 4) {
            long at = byteOffset + (long) i * Float.BYTES;
            float d0 = query[i] - data.get(FLOAT_LE, at);
            float d1 = query[i + 1] - data.get(FLOAT_LE, at + 4);
            float d2 = query[i + 2] - data.get(FLOAT_LE, at + 8);
            float d3 = query[i + 3] - data.get(FLOAT_LE, at + 12);
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < query.length; i++) {
            float d = query[i] - data.get(FLOAT_LE, byteOffset + (long) i * Float.BYTES);
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void dotProductBulk(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
        long stride = (long) query.length * Float.BYTES;
        for (int v = 0; v < count; v++) {
            scores[v] = dotProduct(query, data, byteOffset + v * stride);
        }
    }

    @Override
    public void squareDistanceBulk(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
        long stride = (long) query.length * Float.BYTES;
        for (int v = 0; v < count; v++) {
            scores[v] = squareDistance(query, data, byteOffset + v * stride);
        }
    }

    @Override
    public void dotProductRows(float[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                               float[] scores) {
        long stride = (long) query.length * Float.BYTES;
        for (int v = 0; v < count; v++) {
            scores[v] = dotProduct(query, data, byteOffset + rows[v] * stride);
        }
    }

    @Override
    public void squareDistanceRows(float[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                                   float[] scores) {
        long stride = (long) query.length * Float.BYTES;
        for (int v = 0; v < count; v++) {
            scores[v] = squareDistance(query, data, byteOffset + rows[v] * stride);
        }
    }

    @Override
    public int int8DotProduct(byte[] a, byte[] b) {
        int sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Override
    public int int8DotProduct(byte[] query, MemorySegment data, long byteOffset) {
        int sum = 0;
        for (int i = 0; i < query.length; i++) {
            sum += query[i] * data.get(ValueLayout.JAVA_BYTE, byteOffset + i);
        }
        return sum;
    }

    @Override
    public void int8DotProductRows(byte[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                                   int[] dots) {
        for (int i = 0; i < count; i++) {
            dots[i] = int8DotProduct(query, data, byteOffset + (long) rows[i] * query.length);
        }
    }

    @Override
    public void pqScoreRows(float[] table, int subspaces, MemorySegment codes, long byteOffset, int[] rows, int count,
                            float[] scores) {
        ProductQuantizer.adcRows(table, subspaces, codes, byteOffset, rows, count, scores);
    }
}
