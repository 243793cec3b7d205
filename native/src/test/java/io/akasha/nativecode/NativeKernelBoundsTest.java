package io.akasha.nativecode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import io.akasha.core.vector.ProductQuantizer;
import io.akasha.core.vector.ScalarVectorUtilSupport;
import io.akasha.core.vector.VectorUtilSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fuzz-style: random sizes, offsets (misaligned ones included), counts and row ids thrown at every
 * native entry point. A call whose reads or writes would leave its segment or arrays must throw
 * before reaching C (the JVM would otherwise crash or read another object's memory); a call that
 * stays inside must give the scalar kernel's answer. Thousands of calls per entry point, seeded.
 */
class NativeKernelBoundsTest {

    private static final int CALLS = 3_000;
    private static final ScalarVectorUtilSupport SCALAR = new ScalarVectorUtilSupport();
    private VectorUtilSupport kernels;

    @BeforeEach
    void load() {
        assumeTrue(NativeLibrary.class.getResource(NativeLibrary.platform() + "/libakasha-baseline.so") != null,
                "the build compiled no native library on " + NativeLibrary.platform());
        AkashaNativeKernels provider = new AkashaNativeKernels();
        assertEquals(null, provider.unavailableReason());
        kernels = provider.kernels();
    }

    @Test
    void floatKernelsRefuseEveryReadOutsideTheSegmentAndAgreeInside() {
        SplittableRandom random = new SplittableRandom(1);
        int refused = 0;
        try (Arena arena = Arena.ofConfined()) {
            for (int call = 0; call < CALLS; call++) {
                int dim = 1 + random.nextInt(300);
                int count = random.nextInt(-1, 8);
                long offset = random.nextLong(-2, 9);
                // Around the bytes the call reads, a few short or to spare: about half the calls fit.
                long size = Math.max(1, offset + 4L * dim * Math.max(0, count) + random.nextInt(-6, 7));
                MemorySegment data = fill(arena.allocate(size, 1L << random.nextInt(4)), random);
                float[] query = floats(random, dim);
                float[] scores = new float[Math.max(0, count + random.nextInt(-1, 2))];
                boolean inside = offset >= 0 && count >= 0 && count <= scores.length
                        && offset + (long) count * dim * Float.BYTES <= data.byteSize();
                float[] expected = new float[scores.length];
                if (inside) {
                    SCALAR.squareDistanceBulk(query, data, offset, count, expected);
                    kernels.squareDistanceBulk(query, data, offset, count, scores);
                    for (int i = 0; i < count; i++) {
                        assertEquals(expected[i], scores[i], Math.abs(expected[i]) * 1e-4f + 1e-4f, "bulk row " + i);
                    }
                } else {
                    refused++;
                    assertThrows(RuntimeException.class,
                            () -> kernels.squareDistanceBulk(query, data, offset, count, scores));
                    assertThrows(RuntimeException.class,
                            () -> kernels.dotProductBulk(query, data, offset, count, scores));
                }
                boolean oneInside = offset >= 0 && offset + (long) dim * Float.BYTES <= data.byteSize();
                if (!oneInside) {
                    assertThrows(IndexOutOfBoundsException.class, () -> kernels.dotProduct(query, data, offset));
                }
            }
        }
        assertTrue(refused > CALLS / 4 && refused < CALLS * 3 / 4, "both kinds of call were thrown: " + refused);
    }

    @Test
    void gatherKernelsRefuseRowsOutsideTheMatrixAndAgreeInside() {
        SplittableRandom random = new SplittableRandom(2);
        int refused = 0;
        try (Arena arena = Arena.ofConfined()) {
            for (int call = 0; call < CALLS; call++) {
                int dim = 1 + random.nextInt(200);
                int matrixRows = random.nextInt(1, 20);
                long offset = random.nextInt(0, 9);
                MemorySegment floatData = fill(arena.allocate(offset + 4L * dim * matrixRows), random);
                MemorySegment byteData = fill(arena.allocate(offset + (long) dim * matrixRows), random);
                int count = random.nextInt(0, 12);
                int[] rows = random.ints(count + random.nextInt(0, 2), -1, matrixRows + 2).toArray();
                boolean inside = java.util.stream.IntStream.range(0, count).allMatch(i -> rows[i] >= 0
                        && rows[i] < matrixRows);
                float[] query = floats(random, dim);
                byte[] bytes = new byte[dim];
                random.nextBytes(bytes);
                float[] scores = new float[count];
                int[] dots = new int[count];
                if (inside) {
                    float[] expected = new float[count];
                    int[] expectedDots = new int[count];
                    SCALAR.dotProductRows(query, floatData, offset, rows, count, expected);
                    kernels.dotProductRows(query, floatData, offset, rows, count, scores);
                    for (int i = 0; i < count; i++) {
                        assertEquals(expected[i], scores[i], Math.abs(expected[i]) * 1e-4f + 1e-3f, "row " + rows[i]);
                    }
                    SCALAR.int8DotProductRows(bytes, byteData, offset, rows, count, expectedDots);
                    kernels.int8DotProductRows(bytes, byteData, offset, rows, count, dots);
                    assertArrayEquals(expectedDots, dots);
                } else {
                    refused++;
                    assertThrows(IndexOutOfBoundsException.class,
                            () -> kernels.dotProductRows(query, floatData, offset, rows, count, scores));
                    assertThrows(IndexOutOfBoundsException.class,
                            () -> kernels.squareDistanceRows(query, floatData, offset, rows, count, scores));
                    assertThrows(IndexOutOfBoundsException.class,
                            () -> kernels.int8DotProductRows(bytes, byteData, offset, rows, count, dots));
                }
                assertThrows(IndexOutOfBoundsException.class,
                        () -> kernels.dotProductRows(query, floatData, offset, rows, count + 3, scores),
                        "a count past the arrays");
            }
        }
        assertTrue(refused > CALLS / 10, "rows outside were thrown too: " + refused);
    }

    @Test
    void pqKernelRefusesShortTablesAndRowsPastTheCodes() {
        SplittableRandom random = new SplittableRandom(3);
        try (Arena arena = Arena.ofConfined()) {
            for (int call = 0; call < CALLS; call++) {
                int subspaces = random.nextInt(1, 40);
                int codeRows = random.nextInt(1, 30);
                MemorySegment codes = fill(arena.allocate(1 + (long) subspaces * codeRows), random);
                float[] table = floats(random, subspaces * ProductQuantizer.MAX_CENTROIDS - (random.nextInt(4) == 0 ? 1 : 0));
                int count = random.nextInt(0, 10);
                int[] rows = random.ints(count, 0, codeRows + (random.nextInt(4) == 0 ? 2 : 0)).toArray();
                float[] scores = new float[count];
                boolean inside = table.length >= subspaces * ProductQuantizer.MAX_CENTROIDS
                        && java.util.Arrays.stream(rows).allMatch(r -> r < codeRows);
                if (inside) {
                    float[] expected = new float[count];
                    SCALAR.pqScoreRows(table, subspaces, codes, 1, rows, count, expected);
                    kernels.pqScoreRows(table, subspaces, codes, 1, rows, count, scores);
                    assertArrayEquals(expected, scores);
                } else {
                    assertThrows(RuntimeException.class,
                            () -> kernels.pqScoreRows(table, subspaces, codes, 1, rows, count, scores));
                }
            }
        }
    }

    @Test
    void mismatchedArrayLengthsAreRefusedByName() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> kernels.dotProduct(new float[3], new float[4]));
        assertEquals("vector dimensions differ: 3 != 4", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kernels.int8DotProduct(new byte[5], new byte[2]));
    }

    private static void assertTrue(boolean condition, String message) {
        org.junit.jupiter.api.Assertions.assertTrue(condition, message);
    }

    /**
     * Random bytes in 0x30..0x3F: any four of them, at any alignment, read as a float between about
     * 2^-31 and 1 (no NaN, no overflow), so that misaligned reads still compare with scalar ones.
     */
    private static MemorySegment fill(MemorySegment segment, SplittableRandom random) {
        for (long i = 0; i < segment.byteSize(); i++) {
            segment.set(ValueLayout.JAVA_BYTE, i, (byte) (0x30 + random.nextInt(16)));
        }
        return segment;
    }

    private static float[] floats(SplittableRandom random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }
}
