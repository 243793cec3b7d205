package io.akasha.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

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
        float[][] centres = new float[clusters][dim];
        for (float[] centre : centres) {
            for (int d = 0; d < dim; d++) {
                centre[d] = (float) (random.nextGaussian() * 4);
            }
        }
        FloatVectors base = fill(FloatVectors.allocate(dim, count), centres, random);
        FloatVectors query = fill(FloatVectors.allocate(dim, queries), centres, random);
        try (FlatIndex exact = new FlatIndex(base, similarity)) {
            SearchResult[] truth = exact.searchBatch(query, truthK, threads);
            int[][] ids = Arrays.stream(truth).map(SearchResult::ids).toArray(int[][]::new);
            return new Dataset(name, base, query, ids, similarity);
        }
    }

    private static FloatVectors fill(FloatVectors vectors, float[][] centres, SplittableRandom random) {
        float[] row = new float[vectors.dim()];
        for (int i = 0; i < vectors.count(); i++) {
            float[] centre = centres[random.nextInt(centres.length)];
            for (int d = 0; d < row.length; d++) {
                row[d] = centre[d] + (float) random.nextGaussian();
            }
            vectors.set(i, row);
        }
        return vectors;
    }
}
