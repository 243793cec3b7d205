package io.akasha.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.akasha.core.dataset.DataDirectory;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.dataset.DatasetLoader;
import io.akasha.core.index.FlatIndex;
import io.akasha.core.index.SearchOptions;
import io.akasha.core.search.Recall;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.search.SearchResult;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

class HnswIndexTest {


    private static double recall(HnswIndex index, FlatIndex exact, FloatVectors queries, int k, SearchOptions options) {
        double sum = 0;
        for (int q = 0; q < queries.count(); q++) {
            int[] truth = exact.search(queries.get(q), k, new SearchOptions(options.filter(), options.window(),
                    Map.of())).ids();
            sum += Recall.ofQuery(index.search(queries.get(q), k, options).ids(), truth, k);
        }
        return sum / queries.count();
    }

    @ParameterizedTest
    @EnumSource(Similarity.class)
    void findsTheExactNeighboursOfMostQueriesForEveryMetric(Similarity similarity) {
        try (FloatVectors base = GaussianVectors.of(3_000, 16, 1);
             FloatVectors queries = GaussianVectors.of(100, 16, 2);
             HnswIndex index = HnswIndex.build(base, false, similarity, HnswParameters.defaults(), 2);
             FlatIndex exact = new FlatIndex(base, similarity)) {
            double recall = recall(index, exact, queries, 10, new SearchOptions(RowFilter.ALL, ScoreWindow.ALL,
                    Map.of("ef", 100)));
            assertTrue(recall >= 0.97, similarity + " recall@10 at ef 100: " + recall);
        }
    }

    @Test
    void filteredSearchReturnsOnlyAcceptedRowsAndFindsThem() {
        try (FloatVectors base = GaussianVectors.of(3_000, 16, 3);
             FloatVectors queries = GaussianVectors.of(50, 16, 4);
             HnswIndex index = HnswIndex.build(base, false, Similarity.L2, HnswParameters.defaults(), 2);
             FlatIndex exact = new FlatIndex(base, Similarity.L2)) {
            RowFilter tenth = row -> row % 10 == 3;
            SearchOptions options = new SearchOptions(tenth, ScoreWindow.ALL, Map.of("ef", 200));
            for (int q = 0; q < queries.count(); q++) {
                for (int id : index.search(queries.get(q), 10, options).ids()) {
                    assertEquals(3, id % 10);
                }
            }
            assertTrue(recall(index, exact, queries, 10, options) >= 0.9);
        }
    }

    @Test
    void selectiveFiltersLookThroughRejectedNodesTwoHopsAndStillFindTheAcceptedNeighbours() {
        try (FloatVectors base = GaussianVectors.of(5_000, 16, 6);
             FloatVectors queries = GaussianVectors.of(50, 16, 7);
             HnswIndex index = HnswIndex.build(base, false, Similarity.L2, HnswParameters.defaults(), 2);
             FlatIndex exact = new FlatIndex(base, Similarity.L2)) {
            // 20% (a plain walk at the default threshold), 5% and 2% of the rows pass (two hops).
            for (int every : new int[] {5, 20, 50}) {
                RowFilter filter = row -> row % every == 1;
                double passing = 1.0 / every;
                SearchOptions options = new SearchOptions(filter, ScoreWindow.ALL, Map.of("ef", 100), passing);
                for (int q = 0; q < queries.count(); q++) {
                    for (int id : index.search(queries.get(q), 10, options).ids()) {
                        assertEquals(1, id % every);
                    }
                }
                double recall = recall(index, exact, queries, 10, options);
                System.out.println("recall@10 with " + passing + " of the rows passing: " + recall);
                assertTrue(recall >= 0.95, "recall@10 with " + passing + " of the rows passing: " + recall);
            }
        }
    }

    @Test
    void sameSeedSameLevelsAndAnEmptyIndexAnswersNothing() {
        HnswGraph graph = new HnswGraph(10, 16);
        try (FloatVectors one = GaussianVectors.of(1, 4, 5)) {
            HnswBuilder a = new HnswBuilder(graph, one, Similarity.L2, 10, 7);
            HnswBuilder b = new HnswBuilder(graph, one, Similarity.L2, 10, 7);
            for (int node = 0; node < 1000; node++) {
                assertEquals(a.levelOf(node), b.levelOf(node));
            }
        } finally {
            graph.close();
        }
        try (FloatVectors none = FloatVectors.allocate(4, 0);
             HnswIndex empty = HnswIndex.build(none, false, Similarity.L2, HnswParameters.defaults(), 1)) {
            assertEquals(0, empty.search(new float[4], 5).size());
        }
    }

    @Test
    void badParametersAreRefusedByName() {
        assertEquals("the hnsw index has no build parameter 'm'; it takes [M, efConstruction, quantization, seed]",
                assertThrows(IllegalArgumentException.class, () -> HnswParameters.parse(Map.of("m", "16"))).getMessage());
        assertEquals("parameter 'M' must be an integer, got 'x'",
                assertThrows(IllegalArgumentException.class, () -> HnswParameters.parse(Map.of("M", "x"))).getMessage());
        assertEquals("search parameter 'ef' must be in 1..65536, got 0",
                assertThrows(IllegalArgumentException.class, () -> HnswParameters.ef(Map.of("ef", 0))).getMessage());
    }

    @Test
    void siftsmallReachesHighRecall() throws IOException {
        Path dir = DataDirectory.resolve();
        assumeTrue(DatasetLoader.exists(dir, "siftsmall"), "siftsmall not found in " + dir + "; "
                + DataDirectory.howToConfigure());
        try (Dataset data = DatasetLoader.load(dir, "siftsmall");
             HnswIndex index = HnswIndex.build(data.base(), false, data.similarity(), HnswParameters.defaults(), 2)) {
            double sum = 0;
            for (int q = 0; q < data.queries().count(); q++) {
                SearchResult found = index.search(data.queries().get(q), 10,
                        new SearchOptions(RowFilter.ALL, ScoreWindow.ALL, Map.of("ef", 64)));
                sum += Recall.ofQuery(found.ids(), data.groundTruth()[q], 10);
            }
            double recall = sum / data.queries().count();
            assertTrue(recall >= 0.98, "siftsmall recall@10 at ef 64: " + recall);
        }
    }
}
