package io.akasha.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.akasha.core.dataset.ClusteredVectors;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.index.FlatIndex;
import io.akasha.core.search.SearchResult;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * Seeded synthetic data: Gaussian clusters around random centres, the shape real embeddings
 * have (dense regions, empty space between), with exact ground truth from {@link FlatIndex}.
 * The same seed gives the same vectors on every machine.
 */
public final class ClusteredDatasets {

    private ClusteredDatasets() {
    }

    /**
     * @param count    base vectors
     * @param queries  query vectors, drawn from the same clusters
     * @param clusters cluster centres
     * @param truthK   ground-truth neighbours per query
     */
    public static Dataset generate(String name, int count, int dim, int queries, int clusters, int truthK,
                                   Similarity similarity, long seed, int threads) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centres = ClusteredVectors.centres(clusters, dim, 4, random);
        FloatVectors base = ClusteredVectors.around(centres, count, random);
        FloatVectors query = ClusteredVectors.around(centres, queries, random);
        try (FlatIndex exact = new FlatIndex(base, similarity)) {
            SearchResult[] truth = exact.searchBatch(query, truthK, threads);
            int[][] ids = Arrays.stream(truth).map(SearchResult::ids).toArray(int[][]::new);
            return new Dataset(name, base, query, ids, similarity);
        }
    }
}
