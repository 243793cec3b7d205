package io.akasha.core.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import io.akasha.core.search.SearchResult;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;
import org.junit.jupiter.api.Test;

class FlatIndexTest {

    private static final int DIM = 37;

    /**
     * Small integer components keep every float32 product and sum exact, so the result must
     * equal a float64 reference id for id, including how ties (frequent here) are broken.
     */
    @Test
    void l2AndInnerProductReturnExactlyTheReferenceTopKWithTiesToTheLowerId() {
        SplittableRandom random = new SplittableRandom(5);
        float[][] rows = integerRows(random, 3000);
        float[][] queries = integerRows(random, 25);
        try (FloatVectors base = FloatVectors.of(rows); FloatVectors q = FloatVectors.of(queries)) {
            for (Similarity similarity : new Similarity[] {Similarity.L2, Similarity.IP}) {
                try (FlatIndex index = new FlatIndex(base, similarity)) {
                    SearchResult[] batch = index.searchBatch(q, 50, 2);
                    for (int i = 0; i < queries.length; i++) {
                        int[] expected = reference(rows, queries[i], similarity, 50);
                        SearchResult single = index.search(queries[i], 50);
                        assertArrayEquals(expected, single.ids(), similarity + " query " + i);
                        assertArrayEquals(single.ids(), batch[i].ids(), "batch equals single, query " + i);
                        assertArrayEquals(single.scores(), batch[i].scores(), 0f);
                        assertEquals(exactScore(rows[expected[0]], queries[i], similarity), single.scores()[0], 0.0);
                    }
                }
            }
        }
    }

    @Test
    void cosineRanksLikeTheFloat64ReferenceAndLeavesTheGivenVectorsUntouched() {
        SplittableRandom random = new SplittableRandom(9);
        float[][] rows = new float[2000][DIM];
        for (float[] row : rows) {
            for (int d = 0; d < DIM; d++) {
                row[d] = (float) random.nextGaussian();
            }
        }
        float[] query = rows[17].clone();
        for (int d = 0; d < DIM; d++) {
            query[d] *= 3;  // same direction, other norm: cosine 1 with row 17
        }
        try (FloatVectors base = FloatVectors.of(rows); FlatIndex index = new FlatIndex(base, Similarity.COSINE)) {
            SearchResult result = index.search(query, 20);
            assertEquals(17, result.ids()[0]);
            assertEquals(1f, result.scores()[0], 1e-6f);
            int[] expected = reference(rows, query, Similarity.COSINE, 20);
            for (int r = 0; r < 20; r++) {
                assertEquals(exactScore(rows[expected[r]], query, Similarity.COSINE), result.scores()[r], 1e-6,
                        "rank " + r);
            }
            assertArrayEquals(rows[3], base.get(3), "the caller's vectors are not normalized in place");
        }
    }

    @Test
    void vectorsMappedFromAFileSearchExactlyLikeVectorsInMemory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        SplittableRandom random = new SplittableRandom(21);
        float[][] rows = integerRows(random, 500);
        java.nio.file.Path file = dir.resolve("rows.akv");
        try (FloatVectors memory = FloatVectors.of(rows)) {
            io.akasha.storage.VectorsFile.write(file, DIM, rows.length, memory.segment());
            try (io.akasha.storage.VectorsFile mapped = io.akasha.storage.VectorsFile.open(file);
                 FloatVectors view = FloatVectors.wrap(mapped.vectors(), mapped.dim(), (int) mapped.count());
                 FlatIndex fromFile = new FlatIndex(view, Similarity.IP);
                 FlatIndex inMemory = new FlatIndex(memory, Similarity.IP)) {
                for (int q = 0; q < 10; q++) {
                    float[] query = rows[random.nextInt(rows.length)];
                    SearchResult expected = inMemory.search(query, 15);
                    SearchResult actual = fromFile.search(query, 15);
                    assertArrayEquals(expected.ids(), actual.ids());
                    assertArrayEquals(expected.scores(), actual.scores(), 0f);
                }
            }
        }
    }

    @Test
    void kLargerThanTheIndexReturnsEveryRow() {
        try (FloatVectors base = FloatVectors.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 1});
             FlatIndex index = new FlatIndex(base, Similarity.L2)) {
            SearchResult result = index.search(new float[] {1, 0.1f}, 10);
            assertArrayEquals(new int[] {0, 2, 1}, result.ids());
            assertEquals(0.01f, Similarity.L2.reportedValue(result.scores()[0]), 1e-7f, "reported as squared L2");
        }
    }

    @Test
    void badQueriesAreRejectedWithTheReason() {
        try (FloatVectors base = FloatVectors.of(new float[] {1, 0}, new float[] {0, 1});
             FlatIndex index = new FlatIndex(base, Similarity.COSINE)) {
            assertEquals("query has dimension 3, the index 2", assertThrows(IllegalArgumentException.class,
                    () -> index.search(new float[3], 1)).getMessage());
            assertEquals("query component 1 is NaN: vectors must be finite", assertThrows(IllegalArgumentException.class,
                    () -> index.search(new float[] {1, Float.NaN}, 1)).getMessage());
            assertEquals("k must be positive, got 0", assertThrows(IllegalArgumentException.class,
                    () -> index.search(new float[] {1, 0}, 0)).getMessage());
            assertEquals("cannot normalize a vector of norm 0.0: cosine similarity needs a non-zero, finite vector",
                    assertThrows(IllegalArgumentException.class, () -> index.search(new float[] {0, 0}, 1)).getMessage());
        }
    }

    private static float[][] integerRows(SplittableRandom random, int n) {
        float[][] rows = new float[n][DIM];
        for (float[] row : rows) {
            for (int d = 0; d < DIM; d++) {
                row[d] = random.nextInt(-3, 4);
            }
        }
        return rows;
    }

    static double exactScore(float[] row, float[] query, Similarity similarity) {
        double dot = 0, square = 0, rowNorm = 0, queryNorm = 0;
        for (int d = 0; d < row.length; d++) {
            dot += (double) row[d] * query[d];
            square += ((double) row[d] - query[d]) * ((double) row[d] - query[d]);
            rowNorm += (double) row[d] * row[d];
            queryNorm += (double) query[d] * query[d];
        }
        return switch (similarity) {
            case L2 -> -square;
            case IP -> dot;
            case COSINE -> dot / Math.sqrt(rowNorm * queryNorm);
        };
    }

    private static int[] reference(float[][] rows, float[] query, Similarity similarity, int k) {
        double[] scores = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            scores[i] = exactScore(rows[i], query, similarity);
        }
        return IntStream.range(0, rows.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }
}
