package io.akasha.core.vector;

import java.util.Arrays;

/**
 * Scalar quantization of float vectors to int8 with one range for every dimension: a value x
 * becomes the code {@code c = round((x - center) / step)} clamped to [-127, 127], and stands for
 * {@code center + step * c}. The range comes from quantiles of a sample of the values, so that a
 * few outliers do not waste the 255 levels on empty space (as Lucene's scalar quantizer does,
 * with the same confidence rule).
 *
 * <p>Why one range and not one per dimension: with one range, the dot product of two decoded
 * vectors is {@code d * center^2 + center * step * (sum(a) + sum(b)) + step^2 * dot(a, b)} over
 * the codes, so scoring needs the int8 dot product of the codes plus one stored number per
 * vector; per-dimension ranges would put a weight inside the sum.
 *
 * @param center the value code 0 stands for
 * @param step   the value between neighbouring codes, positive
 */
public record Int8Quantizer(float center, float step) {

    /** Codes run from -MAX_CODE to MAX_CODE. */
    public static final int MAX_CODE = 127;
    /** Values sampled for the quantiles at most (a sample of rows, every dimension of each). */
    private static final int SAMPLE_VALUES = 1 << 20;

    public Int8Quantizer {
        if (!(step > 0) || !Float.isFinite(step) || !Float.isFinite(center)) {
            throw new IllegalArgumentException("quantizer needs a finite center and a positive step, got center "
                    + center + ", step " + step);
        }
    }

    /**
     * Fits the range to {@code vectors}: the central {@code 1 - 1/(dim+1)} of the sampled values
     * (at least 90%), split evenly between the two tails.
     */
    public static Int8Quantizer train(FloatVectors vectors) {
        int dim = vectors.dim();
        int rows = vectors.count();
        if (rows == 0) {
            return new Int8Quantizer(0, 1f / MAX_CODE);
        }
        int sampledRows = Math.max(1, Math.min(rows, SAMPLE_VALUES / dim));
        float[] values = new float[sampledRows * dim];
        float[] row = new float[dim];
        for (int s = 0; s < sampledRows; s++) {
            // Evenly spread rows: deterministic, and unbiased by insertion order within a stride.
            vectors.get((int) ((long) s * rows / sampledRows), row);
            System.arraycopy(row, 0, values, s * dim, dim);
        }
        Arrays.sort(values);
        double confidence = Math.max(0.9, 1 - 1.0 / (dim + 1));
        double tail = (1 - confidence) / 2;
        float lo = values[(int) Math.floor(tail * (values.length - 1))];
        float hi = values[(int) Math.ceil((1 - tail) * (values.length - 1))];
        if (!(hi > lo)) {
            hi = lo + Math.max(Math.abs(lo), 1f) * 1e-3f; // all sampled values equal
        }
        return new Int8Quantizer((lo + hi) / 2, (hi - lo) / (2 * MAX_CODE));
    }

    /** Encodes {@code vector} into {@code codes}; returns the sum of the codes. */
    public int encode(float[] vector, byte[] codes) {
        int sum = 0;
        for (int i = 0; i < vector.length; i++) {
            int code = Math.round((vector[i] - center) / step);
            code = Math.max(-MAX_CODE, Math.min(MAX_CODE, code));
            codes[i] = (byte) code;
            sum += code;
        }
        return sum;
    }

    /** The value a code stands for. */
    public float decode(byte code) {
        return center + step * code;
    }

    /** The squared norm of the vector {@code codes} stands for. */
    public float decodedSquareNorm(byte[] codes) {
        float norm = 0;
        for (byte code : codes) {
            float value = decode(code);
            norm += value * value;
        }
        return norm;
    }
}
