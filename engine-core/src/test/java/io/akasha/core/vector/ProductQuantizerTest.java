package io.akasha.core.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.akasha.core.dataset.ClusteredVectors;

/**
 * Product quantization: table scores equal the exact score against the decoded vector, a PQ
 * shortlist reranked exactly finds the true neighbours, training is deterministic per seed, and
 * bad parameters are refused by name.
 */
class ProductQuantizerTest {

    /** Rows around 50 cluster centres, as real embeddings cluster. */
    private static FloatVectors clustered(int count, int dim, long seed) {
        return ClusteredVectors.generate(count, dim, 50, 3, seed);
    }

    private static FloatVectors scoring(FloatVectors vectors, Similarity similarity) {
        return similarity.normalizesVectors() ? vectors.normalizedCopy() : vectors;
    }

    @ParameterizedTest
    @EnumSource(Similarity.class)
    void tableScoresAreTheExactScoresOfTheDecodedVectors(Similarity similarity) {
        try (FloatVectors raw = clustered(2_000, 30, 1)) {
            FloatVectors vectors = scoring(raw, similarity);
            // 30 dims in 7 subspaces: widths 5, 5, 4, 4, 4, 4, 4.
            ProductQuantizer pq = ProductQuantizer.train(vectors, similarity, 7, 8, 42);
            float[] query = similarity.prepareQuery(clustered(1, 30, 2).get(0));
            float[] table = new float[7 * ProductQuantizer.MAX_CENTROIDS];
            pq.scoreTable(query, table);
            byte[] codes = new byte[7];
            for (int row = 0; row < 200; row++) {
                pq.encode(vectors.get(row), codes);
                float[] decoded = pq.decode(codes);
                float expected = similarity == Similarity.L2 ? -VectorUtil.squareDistance(query, decoded)
                        : VectorUtil.dotProduct(query, decoded);
                assertEquals(expected, pq.score(table, codes), 1e-3f * Math.max(1, Math.abs(expected)), "row " + row);
            }
            if (vectors != raw) {
                vectors.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Similarity.class)
    void aShortlistByCodesRerankedExactlyFindsTheTrueNeighbours(Similarity similarity) {
        int dim = 64;
        try (FloatVectors raw = clustered(5_000, dim, 3)) {
            FloatVectors vectors = scoring(raw, similarity);
            ProductQuantizer pq = ProductQuantizer.train(vectors, similarity, 16, 10, 42);
            byte[][] codes = new byte[vectors.count()][16];
            for (int i = 0; i < vectors.count(); i++) {
                pq.encode(vectors.get(i), codes[i]);
            }
            int[] all = IntStream.range(0, vectors.count()).toArray();
            float[] exact = new float[all.length];
            float[] table = new float[16 * ProductQuantizer.MAX_CENTROIDS];
            double recall = 0;
            int queries = 30;
            try (FloatVectors queryVectors = clustered(queries, dim, 4)) {
                for (int q = 0; q < queries; q++) {
                    float[] query = similarity.prepareQuery(queryVectors.get(q));
                    similarity.scoreRows(query, vectors.segment(), 0, all, all.length, exact);
                    Set<Integer> truth = new HashSet<>(top(all, i -> exact[i], 10));
                    pq.scoreTable(query, table);
                    // The 100 best by codes (2% of the rows), then the best 10 of those by exact score.
                    var shortlist = top(all, i -> pq.score(table, codes[i]), 100);
                    var reranked = top(shortlist.stream().mapToInt(Integer::intValue).toArray(), i -> exact[i], 10);
                    recall += reranked.stream().filter(truth::contains).count() / 10.0;
                }
            }
            recall /= queries;
            assertTrue(recall >= 0.95, similarity + ": recall@10 of a 50-row PQ shortlist reranked: " + recall);
            if (vectors != raw) {
                vectors.close();
            }
        }
    }

    private static java.util.List<Integer> top(int[] rows, java.util.function.IntFunction<Float> score, int n) {
        return Arrays.stream(rows).boxed().sorted(Comparator.comparing((Integer i) -> score.apply(i)).reversed())
                .limit(n).toList();
    }

    @Test
    void kMeansIterationsLowerTheReconstructionError() {
        try (FloatVectors vectors = clustered(3_000, 32, 8)) {
            double once = reconstructionError(ProductQuantizer.train(vectors, Similarity.L2, 8, 1, 9), vectors);
            double trained = reconstructionError(ProductQuantizer.train(vectors, Similarity.L2, 8, 12, 9), vectors);
            assertTrue(trained < 0.95 * once, "mean squared error " + trained + " after 12 iterations, " + once
                    + " with the initial centroids");
        }
    }

    private static double reconstructionError(ProductQuantizer pq, FloatVectors vectors) {
        byte[] codes = new byte[pq.subspaces()];
        double sum = 0;
        for (int i = 0; i < vectors.count(); i++) {
            float[] row = vectors.get(i);
            pq.encode(row, codes);
            sum += VectorUtil.squareDistance(row, pq.decode(codes));
        }
        return sum / vectors.count();
    }

    @Test
    void trainingIsDeterministicPerSeedAndUsesFewerCentroidsForFewRows() {
        try (FloatVectors vectors = clustered(1_000, 16, 5); FloatVectors few = clustered(100, 16, 6)) {
            ProductQuantizer a = ProductQuantizer.train(vectors, Similarity.L2, 4, 5, 7);
            ProductQuantizer b = ProductQuantizer.train(vectors, Similarity.L2, 4, 5, 7);
            byte[] codesA = new byte[4];
            byte[] codesB = new byte[4];
            for (int i = 0; i < 100; i++) {
                a.encode(vectors.get(i), codesA);
                b.encode(vectors.get(i), codesB);
                assertArrayEquals(codesA, codesB, "row " + i);
            }
            ProductQuantizer small = ProductQuantizer.train(few, Similarity.L2, 4, 5, 7);
            assertEquals(100, small.centroidCount());
            assertEquals(256, a.centroidCount());
        }
    }

    @Test
    void theStoredFormReadsBackTheSameQuantizer() {
        try (FloatVectors vectors = clustered(1_000, 20, 10); java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            ProductQuantizer pq = ProductQuantizer.train(vectors, Similarity.IP, 6, 5, 3);
            java.lang.foreign.MemorySegment stored = arena.allocate(pq.byteSize() + 8);
            pq.writeTo(stored, 8);
            ProductQuantizer read = ProductQuantizer.readFrom(stored, 8);
            assertEquals(pq.toString(), read.toString());
            byte[] codes = new byte[6];
            pq.encode(vectors.get(7), codes);
            assertArrayEquals(pq.decode(codes), read.decode(codes));
            stored.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 8 + 8, 0); // no subspaces
            assertThrows(IllegalArgumentException.class, () -> ProductQuantizer.readFrom(stored, 8));
        }
    }

    @Test
    void badParametersAreRefusedByName() {
        try (FloatVectors vectors = clustered(300, 8, 7)) {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> ProductQuantizer.train(vectors, Similarity.L2, 9, 5, 1)).getMessage()
                    .contains("1 to 8 subspaces (the dimension), got 9"));
            assertThrows(IllegalArgumentException.class, () -> ProductQuantizer.train(vectors, Similarity.L2, 0, 5, 1));
            assertThrows(IllegalArgumentException.class, () -> ProductQuantizer.train(vectors, Similarity.L2, 2, 0, 1));
            ProductQuantizer pq = ProductQuantizer.train(vectors, Similarity.L2, 2, 5, 1);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> pq.encode(new float[7], new byte[2]))
                    .getMessage().contains("dimension 7, the quantizer 8"));
            assertThrows(IllegalArgumentException.class, () -> pq.scoreTable(new float[8], new float[100]));
        }
    }
}
