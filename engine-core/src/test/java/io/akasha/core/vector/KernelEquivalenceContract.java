package io.akasha.core.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every kernel implementation must do, checked against the scalar kernels and float64
 * arithmetic for every dimension from 1 to 1024 (every tail length at every width), on arrays and
 * on segments at unaligned offsets: a subclass names the implementation under test
 * ({@link PanamaKernelEquivalenceTest} here, the native module's test for its C kernels).
 *
 * <p>Tolerance: a float sum of n products differs from the exact sum by at most
 * {@code gamma(n) * sum(|terms|)}, with {@code gamma(n) = n*u / (1 - n*u)} and {@code u = 2^-24}
 * (Higham, Accuracy and Stability of Numerical Algorithms, 3.1), whatever the summation order.
 * Each implementation is checked against a float64 reference within that bound, and the two
 * against each other within twice it. Cosine divides a dot product by norms whose own errors are
 * bounded the same way; Cauchy-Schwarz makes the absolute bound {@code 3 * gamma(n)}. int8 is
 * exact, and so are PQ table sums (the same float additions in the same four-sum order).
 */
public abstract class KernelEquivalenceContract {

    private static final int MAX_DIM = 1024;
    private static final ScalarVectorUtilSupport SCALAR = new ScalarVectorUtilSupport();
    private VectorUtilSupport tested;

    /** The implementation under test; called once per test. */
    protected abstract VectorUtilSupport underTest();

    @BeforeEach
    void loadTheImplementationUnderTest() {
        tested = underTest();
    }

    @Test
    void floatKernelsAgreeWithScalarAndExactAtEveryDimension() {
        SplittableRandom random = new SplittableRandom(42);
        for (int dim = 1; dim <= MAX_DIM; dim++) {
            float[] a = randomFloats(random, dim);
            float[] b = randomFloats(random, dim);
            double exactDot = 0, exactSquare = 0, absDot = 0, normA = 0, normB = 0;
            for (int i = 0; i < dim; i++) {
                exactDot += (double) a[i] * b[i];
                absDot += Math.abs((double) a[i] * b[i]);
                double d = (double) a[i] - b[i];
                exactSquare += d * d;
                normA += (double) a[i] * a[i];
                normB += (double) b[i] * b[i];
            }
            double g = gamma(dim + 1);
            // (a-b) is rounded once more before squaring: one more unit of error per term.
            double squareBound = gamma(dim + 3) * exactSquare;
            double dotBound = g * absDot;
            double exactCosine = exactDot / Math.sqrt(normA * normB);
            double cosineBound = 3 * g + 1e-7;

            String at = "dim " + dim;
            assertWithin(exactDot, SCALAR.dotProduct(a, b), dotBound, "scalar dot " + at);
            assertWithin(exactDot, tested.dotProduct(a, b), dotBound, tested.name() + " dot " + at);
            assertWithin(SCALAR.dotProduct(a, b), tested.dotProduct(a, b), 2 * dotBound, "dot " + at);
            assertWithin(exactSquare, SCALAR.squareDistance(a, b), squareBound, "scalar l2 " + at);
            assertWithin(exactSquare, tested.squareDistance(a, b), squareBound, tested.name() + " l2 " + at);
            assertWithin(SCALAR.squareDistance(a, b), tested.squareDistance(a, b), 2 * squareBound, "l2 " + at);
            assertWithin(exactCosine, SCALAR.cosine(a, b), cosineBound, "scalar cosine " + at);
            assertWithin(exactCosine, tested.cosine(a, b), cosineBound, tested.name() + " cosine " + at);
        }
    }

    @Test
    void segmentKernelsMatchArrayKernelsAtUnalignedOffsets() {
        SplittableRandom random = new SplittableRandom(7);
        try (Arena arena = Arena.ofConfined()) {
            for (int dim = 1; dim <= MAX_DIM; dim += dim < 40 ? 1 : 37) {
                float[] q = randomFloats(random, dim);
                float[] v = randomFloats(random, dim);
                for (int misalignment : new int[] {0, 1, 3, 4, 13}) {
                    MemorySegment data = arena.allocate(misalignment + (long) dim * Float.BYTES, 64);
                    for (int i = 0; i < dim; i++) {
                        data.set(ScalarVectorUtilSupport.FLOAT_LE, misalignment + (long) i * Float.BYTES, v[i]);
                    }
                    double absDot = 0, square = 0;
                    for (int i = 0; i < dim; i++) {
                        absDot += Math.abs((double) q[i] * v[i]);
                        square += ((double) q[i] - v[i]) * ((double) q[i] - v[i]);
                    }
                    for (VectorUtilSupport impl : new VectorUtilSupport[] {SCALAR, tested}) {
                        String at = impl.name() + " dim " + dim + " offset " + misalignment;
                        // Array and segment bodies may sum the tail in another order: same bound as above.
                        assertWithin(impl.dotProduct(q, v), impl.dotProduct(q, data, misalignment),
                                2 * gamma(dim + 1) * absDot, "dot " + at);
                        assertWithin(impl.squareDistance(q, v), impl.squareDistance(q, data, misalignment),
                                2 * gamma(dim + 3) * square, "l2 " + at);
                    }
                }
            }
        }
    }

    @Test
    void bulkAndGatherKernelsAgreeWithTheSingleKernelAlikeAloneOrGrouped() {
        SplittableRandom random = new SplittableRandom(11);
        int count = 37;  // nine groups of four and a remainder of one
        try (Arena arena = Arena.ofConfined()) {
            for (int dim : new int[] {1, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 96, 100, 101, 128, 129, 384, 784}) {
                float[] q = randomFloats(random, dim);
                long base = 12;
                MemorySegment data = arena.allocate(base + (long) count * dim * Float.BYTES);
                float[][] rows = new float[count][];
                for (int v = 0; v < count; v++) {
                    rows[v] = randomFloats(random, dim);
                    MemorySegment.copy(rows[v], 0, data, ScalarVectorUtilSupport.FLOAT_LE,
                            base + (long) v * dim * Float.BYTES, dim);
                }
                // Bounds per row for any two summation orders (see the class comment). Alone or in a
                // group, a row gets the same accumulation; only the final lane reduction may differ,
                // when one of the two kernels is compiled by C2 (a tree of adds) and the other still
                // runs in the interpreter (lane by lane), which depends on what ran before in this JVM.
                double[] dotBound = new double[count];
                double[] squareBound = new double[count];
                for (int v = 0; v < count; v++) {
                    double absDot = 0, square = 0;
                    for (int i = 0; i < dim; i++) {
                        absDot += Math.abs((double) q[i] * rows[v][i]);
                        square += ((double) q[i] - rows[v][i]) * ((double) q[i] - rows[v][i]);
                    }
                    dotBound[v] = 2 * gamma(dim + 1) * absDot;
                    squareBound[v] = 2 * gamma(dim + 3) * square;
                }
                for (VectorUtilSupport impl : new VectorUtilSupport[] {SCALAR, tested}) {
                    float[] dots = new float[count + 5];
                    float[] squares = new float[count + 5];
                    impl.dotProductBulk(q, data, base, count, dots);
                    impl.squareDistanceBulk(q, data, base, count, squares);
                    float[] one = new float[1];
                    for (int v = 0; v < count; v++) {
                        String at = impl.name() + " dim " + dim + " vector " + v;
                        long offset = base + (long) v * dim * Float.BYTES;
                        assertWithin(impl.dotProduct(q, data, offset), dots[v], dotBound[v], "bulk dot " + at);
                        assertWithin(impl.squareDistance(q, data, offset), squares[v], squareBound[v], "bulk l2 " + at);
                        impl.dotProductBulk(q, data, offset, 1, one);
                        assertWithin(dots[v], one[0], dotBound[v], "a row scores alike alone and in a group: " + at);
                        impl.squareDistanceBulk(q, data, offset, 1, one);
                        assertWithin(squares[v], one[0], squareBound[v], "a row scores alike alone and in a group: " + at);
                    }
                    assertEquals(0f, dots[count], "bulk dot writes nothing past count");
                    int[] order = new int[count];
                    for (int v = 0; v < count; v++) {
                        order[v] = (v * 17 + 5) % count;  // every row once, scattered
                    }
                    float[] gathered = new float[count];
                    impl.dotProductRows(q, data, base, order, count, gathered);
                    for (int v = 0; v < count; v++) {
                        assertWithin(dots[order[v]], gathered[v], dotBound[order[v]], "gathered dot matches bulk: "
                                + impl.name() + " dim " + dim + " row " + order[v]);
                    }
                    impl.squareDistanceRows(q, data, base, order, count, gathered);
                    for (int v = 0; v < count; v++) {
                        assertWithin(squares[order[v]], gathered[v], squareBound[order[v]], "gathered l2 matches bulk: "
                                + impl.name() + " dim " + dim + " row " + order[v]);
                    }
                }
            }
        }
    }

    @Test
    void int8DotProductIsExactAtEveryDimensionIncludingExtremes() {
        SplittableRandom random = new SplittableRandom(3);
        try (Arena arena = Arena.ofConfined()) {
            for (int dim = 1; dim <= MAX_DIM; dim++) {
                byte[] a = new byte[dim];
                byte[] b = new byte[dim];
                for (int i = 0; i < dim; i++) {
                    // Every 5th pair is -128 * -128, the one product that overflows a signed short sum.
                    a[i] = i % 5 == 0 ? Byte.MIN_VALUE : (byte) random.nextInt(256);
                    b[i] = i % 5 == 0 ? Byte.MIN_VALUE : (byte) random.nextInt(256);
                }
                int exact = 0;
                for (int i = 0; i < dim; i++) {
                    exact += a[i] * b[i];
                }
                MemorySegment data = arena.allocate(dim + 3);
                MemorySegment.copy(b, 0, data, java.lang.foreign.ValueLayout.JAVA_BYTE, 3, dim);
                assertEquals(exact, SCALAR.int8DotProduct(a, b), "scalar int8 dim " + dim);
                assertEquals(exact, tested.int8DotProduct(a, b), tested.name() + " int8 dim " + dim);
                assertEquals(exact, tested.int8DotProduct(a, data, 3), tested.name() + " int8 segment dim " + dim);
            }
        }
    }

    @Test
    void int8GatherIsExactForEveryRowCountAndScatteredRows() {
        SplittableRandom random = new SplittableRandom(4);
        try (Arena arena = Arena.ofConfined()) {
            for (int dim : new int[] {1, 7, 16, 100, 128, 131}) {
                int rows = 40;
                MemorySegment data = arena.allocate(5 + (long) rows * dim);
                for (long i = 0; i < data.byteSize(); i++) {
                    data.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) random.nextInt(256));
                }
                byte[] query = new byte[dim];
                for (int i = 0; i < dim; i++) {
                    query[i] = (byte) random.nextInt(256);
                }
                for (int count = 0; count <= 9; count++) {
                    int[] picked = new int[count];
                    for (int i = 0; i < count; i++) {
                        picked[i] = random.nextInt(rows);
                    }
                    int[] expected = new int[count];
                    int[] scalar = new int[count];
                    int[] simd = new int[count];
                    for (int i = 0; i < count; i++) {
                        expected[i] = SCALAR.int8DotProduct(query, data, 5 + (long) picked[i] * dim);
                    }
                    SCALAR.int8DotProductRows(query, data, 5, picked, count, scalar);
                    tested.int8DotProductRows(query, data, 5, picked, count, simd);
                    assertArrayEquals(expected, scalar, "scalar gather dim " + dim + " count " + count);
                    assertArrayEquals(expected, simd, tested.name() + " gather dim " + dim + " count " + count);
                }
            }
        }
    }

    @Test
    void pqScoresOfGatheredRowsEqualTheScalarSumsForEverySubspaceCount() {
        SplittableRandom random = new SplittableRandom(5);
        try (Arena arena = Arena.ofConfined()) {
            for (int subspaces = 1; subspaces <= 70; subspaces += subspaces < 12 ? 1 : 7) {
                float[] table = randomFloats(random, subspaces * ProductQuantizer.MAX_CENTROIDS);
                int rows = 50;
                MemorySegment codes = arena.allocate(3 + (long) rows * subspaces);
                for (long i = 0; i < codes.byteSize(); i++) {
                    codes.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) random.nextInt(256));
                }
                for (int count : new int[] {0, 1, 2, 5, 33}) {
                    int[] picked = random.ints(count, 0, rows).toArray();
                    float[] expected = new float[count];
                    float[] scores = new float[count + 1];
                    SCALAR.pqScoreRows(table, subspaces, codes, 3, picked, count, expected);
                    tested.pqScoreRows(table, subspaces, codes, 3, picked, count, scores);
                    for (int i = 0; i < count; i++) {
                        float single = 0;
                        for (int m = 0; m < subspaces; m++) {
                            single += table[m * ProductQuantizer.MAX_CENTROIDS
                                    + Byte.toUnsignedInt(codes.get(java.lang.foreign.ValueLayout.JAVA_BYTE,
                                    3 + (long) picked[i] * subspaces + m))];
                        }
                        assertWithin(single, expected[i], 2 * gamma(subspaces) * subspaces * 100,
                                "scalar ADC near a running sum, " + subspaces + " subspaces");
                        assertEquals(expected[i], scores[i], tested.name() + " ADC of row " + picked[i] + ", "
                                + subspaces + " subspaces, " + count + " rows");
                    }
                    assertEquals(0f, scores[count], "nothing written past count");
                }
            }
        }
    }

    protected static float[] randomFloats(SplittableRandom random, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1) * (1 + random.nextInt(100));
        }
        return v;
    }

    private static double gamma(int n) {
        double u = Math.scalb(1.0, -24);
        return n * u / (1 - n * u);
    }

    private static void assertWithin(double expected, double actual, double bound, String what) {
        assertTrue(Math.abs(expected - actual) <= bound,
                what + ": expected " + expected + " got " + actual + " (|diff| " + Math.abs(expected - actual)
                        + " > bound " + bound + ")");
    }
}
