package io.akasha.hnsw;

import java.util.Random;

import io.akasha.core.vector.FloatVectors;

/** Seeded standard-normal vectors for graph tests. */
final class GaussianVectors {

    private GaussianVectors() {
    }

    static FloatVectors of(int count, int dim, long seed) {
        Random random = new Random(seed);
        FloatVectors vectors = FloatVectors.allocate(dim, count);
        float[] v = new float[dim];
        for (int i = 0; i < count; i++) {
            for (int d = 0; d < dim; d++) {
                v[d] = (float) random.nextGaussian();
            }
            vectors.set(i, v);
        }
        return vectors;
    }
}
