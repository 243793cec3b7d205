package io.akasha.hnsw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.akasha.core.graph.Reachable;
import io.akasha.core.index.SearchOptions;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * Every node of a built HNSW graph is reachable on level 0 from the entry, so every row can be
 * found: with M = 4 over 3,000 Gaussian vectors, inserting alone (one thread, so the same graph
 * every run) leaves nodes whose in-links later inserts pruned away; the build repairs them, and
 * a search whose filter accepts only such a node then returns it.
 */
class HnswReachabilityTest {

    private static final HnswParameters SPARSE = new HnswParameters(4, 100, 42);

    private static int reachable(HnswGraph graph, int nodes) {
        return Reachable.from(graph.entryNode(), nodes, node -> {
            int[] links = new int[graph.m0];
            return Arrays.copyOf(links, graph.neighbors(node, 0, links));
        });
    }

    @Test
    void insertsAloneStrandNodesWhichTheRepairLinksWithinTheDegree() {
        try (FloatVectors vectors = GaussianVectors.of(3_000, 16, 1);
             HnswGraph graph = new HnswGraph(vectors.count(), SPARSE.m())) {
            HnswBuilder builder = new HnswBuilder(graph, vectors, Similarity.L2, SPARSE.efConstruction(), SPARSE.seed());
            builder.insertAll(vectors.count(), 1);
            int stranded = vectors.count() - reachable(graph, vectors.count());
            assertTrue(stranded > 0, "inserts alone left every node reachable; this data no longer tests the repair");
            int added = builder.repairReachability(vectors.count());
            assertTrue(added >= 1 && added <= stranded, added + " links added for " + stranded + " stranded nodes");
            assertEquals(vectors.count(), reachable(graph, vectors.count()), "nodes reachable after the repair");
            int[] links = new int[graph.m0];
            for (int node = 0; node < vectors.count(); node++) {
                int count = graph.neighbors(node, 0, links);
                assertTrue(count <= graph.m0, "node " + node + " has " + count + " links");
                Set<Integer> distinct = new HashSet<>();
                for (int i = 0; i < count; i++) {
                    assertTrue(links[i] != node && distinct.add(links[i]), "node " + node + " links: "
                            + Arrays.toString(Arrays.copyOf(links, count)));
                }
            }
            assertEquals(0, builder.repairReachability(vectors.count()), "a repaired graph needs no more links");
        }
    }

    @Test
    void everyStrandedRowIsFoundByASearchAcceptingOnlyIt() {
        try (FloatVectors vectors = GaussianVectors.of(3_000, 16, 1);
             HnswGraph unrepaired = new HnswGraph(vectors.count(), SPARSE.m());
             HnswIndex index = HnswIndex.build(vectors, true, Similarity.L2, SPARSE, 1)) {
            new HnswBuilder(unrepaired, vectors, Similarity.L2, SPARSE.efConstruction(), SPARSE.seed())
                    .insertAll(vectors.count(), 1);
            boolean[] seen = new boolean[vectors.count()];
            Reachable.from(unrepaired.entryNode(), vectors.count(), node -> {
                seen[node] = true;
                int[] links = new int[unrepaired.m0];
                return Arrays.copyOf(links, unrepaired.neighbors(node, 0, links));
            });
            int checked = 0;
            for (int row = 0; row < vectors.count(); row++) {
                if (seen[row]) {
                    continue;
                }
                int only = row;
                float[] elsewhere = vectors.get((row + 1) % vectors.count());
                SearchOptions options = new SearchOptions(node -> node == only, ScoreWindow.ALL,
                        Map.of("ef", 10), 1.0 / vectors.count());
                assertArrayEquals(new int[] {row}, index.search(elsewhere, 1, options).ids(),
                        "row " + row + ", stranded by the inserts, found by a search accepting only it");
                checked++;
            }
            assertFalse(checked == 0, "no stranded row to look for");
        }
    }
}
