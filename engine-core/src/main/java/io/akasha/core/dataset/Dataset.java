package io.akasha.core.dataset;

import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * A benchmark data set: base vectors to index, query vectors, the metric, and (when the files
 * ship it) the exact nearest neighbours of each query, nearest first.
 *
 * @param name        a short name for reports, for example {@code glove100}
 * @param base        the vectors to index, as stored in the files (not normalized)
 * @param queries     the query vectors
 * @param groundTruth per query, the ids of its nearest base rows, nearest first; null when absent
 * @param similarity  the metric the ground truth was computed with
 */
public record Dataset(String name, FloatVectors base, FloatVectors queries, int[][] groundTruth,
                      Similarity similarity) implements AutoCloseable {

    public Dataset {
        if (base.dim() != queries.dim()) {
            throw new IllegalArgumentException(name + ": base vectors have dimension " + base.dim()
                    + " but queries have " + queries.dim());
        }
        if (groundTruth != null && groundTruth.length < queries.count()) {
            throw new IllegalArgumentException(name + ": ground truth has " + groundTruth.length + " rows for "
                    + queries.count() + " queries");
        }
    }

    public int dim() {
        return base.dim();
    }

    @Override
    public void close() {
        base.close();
        queries.close();
    }
}
