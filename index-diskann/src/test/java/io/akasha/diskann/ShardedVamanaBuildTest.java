package io.akasha.diskann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.dataset.ClusteredVectors;
import io.akasha.core.graph.Reachable;
import io.akasha.core.index.FlatIndex;
import io.akasha.core.index.SearchOptions;
import io.akasha.core.search.Recall;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * A Vamana build within a memory budget: a graph that fits is built whole; one that does not is
 * built over overlapping shards and merged, and is still a proper Vamana graph (lists within R,
 * distinct, no self links, everything reachable from the medoid of all vectors) whose beam search
 * finds the exact neighbours; a budget too small for any sharding is refused by name.
 */
class ShardedVamanaBuildTest {

    private static final VamanaParameters PARAMETERS = new VamanaParameters(16, 48, 1.2f, 42);

    @TempDir
    Path dir;

    @Test
    void aGraphLargerThanItsBudgetIsBuiltOverShardsAndFindsTheExactNeighbours() throws IOException {
        MemoryBudget budget = new MemoryBudget(1 << 20, dir);
        SplittableRandom random = new SplittableRandom(1);
        float[][] centres = ClusteredVectors.centres(60, 24, 4, random);
        try (FloatVectors vectors = ClusteredVectors.around(centres, 12_000, random);
             FloatVectors queries = ClusteredVectors.around(centres, 100, random);
             FlatIndex exact = new FlatIndex(vectors, Similarity.L2)) {
            assertTrue((long) vectors.count() * ShardedVamanaBuild.bytesPerNode(16, 2) > budget.bytes(),
                    "the whole graph must not fit the budget");
            int shards = ShardedVamanaBuild.shards(vectors.count(), vectors.dim(), 16, 2, budget.bytes());
            assertTrue(shards >= 3, shards + " shards");
            double whole;
            try (VamanaGraph graph = ShardedVamanaBuild.build(vectors, Similarity.L2, PARAMETERS, 2,
                    MemoryBudget.UNLIMITED)) {
                whole = recall(graph, vectors, queries, exact);
            }
            try (VamanaGraph graph = ShardedVamanaBuild.build(vectors, Similarity.L2, PARAMETERS, 2, budget)) {
                assertEquals(VamanaBuilder.medoid(vectors), graph.medoid(), "the entry point is the medoid of all vectors");
                int[] links = new int[graph.capacity];
                for (int node = 0; node < vectors.count(); node++) {
                    int count = graph.neighbors(node, links);
                    assertTrue(count >= 1 && count <= 16, "node " + node + " has " + count + " links");
                    Set<Integer> seen = new HashSet<>();
                    for (int i = 0; i < count; i++) {
                        assertFalse(links[i] == node, "node " + node + " links to itself");
                        assertTrue(seen.add(links[i]), "node " + node + " links twice to " + links[i]);
                    }
                }
                assertEquals(vectors.count(), Reachable.from(graph.medoid(), graph.nodes, node -> {
                    int[] out = new int[graph.capacity];
                    return Arrays.copyOf(out, graph.neighbors(node, out));
                }));
                double sharded = recall(graph, vectors, queries, exact);
                System.out.printf("Vamana recall@10 at L 128: whole %.3f, over %d shards %.3f%n", whole, shards, sharded);
                assertTrue(sharded >= 0.95, "recall@10 at L 128 over " + shards + " shards: " + sharded);
                assertTrue(sharded >= whole - 0.02, "over shards " + sharded + ", whole " + whole);
            }
        }
    }

    private static double recall(VamanaGraph graph, FloatVectors vectors, FloatVectors queries, FlatIndex exact) {
        VamanaSearcher searcher = new VamanaSearcher(graph, vectors.segment(), Similarity.L2);
        double recall = 0;
        for (int q = 0; q < queries.count(); q++) {
            searcher.search(queries.get(q), 128);
            recall += Recall.ofQuery(searcher.top(10).ids(),
                    exact.search(queries.get(q), 10, SearchOptions.DEFAULT).ids(), 10);
        }
        return recall / queries.count();
    }

    @Test
    void aGraphThatFitsItsBudgetIsBuiltWhole() {
        assertEquals(1, ShardedVamanaBuild.shards(12_000, 24, 16, 2, MemoryBudget.UNLIMITED.bytes()));
        long whole = 12_000L * ShardedVamanaBuild.bytesPerNode(16, 2);
        assertEquals(1, ShardedVamanaBuild.shards(12_000, 24, 16, 2, whole));
        assertTrue(ShardedVamanaBuild.shards(12_000, 24, 16, 2, whole - 1) > 1);
    }

    @Test
    void aBudgetTooSmallForAnyShardingIsRefusedByName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ShardedVamanaBuild.shards(1_000_000, 1024, 64, 2, 1 << 20));
        assertTrue(error.getMessage().contains("memory budget of 1,048,576 bytes is too small"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(1000, dir));
    }
}
