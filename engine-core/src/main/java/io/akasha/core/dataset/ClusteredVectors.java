package io.akasha.core.dataset;

import java.util.SplittableRandom;

import io.akasha.core.vector.FloatVectors;

/**
 * Seeded synthetic vectors that cluster, as real embeddings do: Gaussian cluster centres, and
 * rows drawn around a random centre with unit Gaussian noise. The same seed gives the same
 * vectors on every machine.
 */
public final class ClusteredVectors {

    private ClusteredVectors() {
    }

    /** {@code clusters} centres with coordinates drawn from N(0, spread^2). */
    public static float[][] centres(int clusters, int dim, double spread, SplittableRandom random) {
        float[][] centres = new float[clusters][dim];
        for (float[] centre : centres) {
            for (int d = 0; d < dim; d++) {
                centre[d] = (float) (random.nextGaussian() * spread);
            }
        }
        return centres;
    }

    /** {@code count} rows, each a random centre plus N(0, 1) noise per coordinate. */
    public static FloatVectors around(float[][] centres, int count, SplittableRandom random) {
        FloatVectors vectors = FloatVectors.allocate(centres[0].length, count);
        fill(vectors, centres, random);
        return vectors;
    }

    /**
     * Fills every row of {@code vectors} (wherever they lie: a mapped file, for data larger than
     * memory) with a random centre plus N(0, 1) noise per coordinate.
     */
    public static void fill(FloatVectors vectors, float[][] centres, SplittableRandom random) {
        int dim = centres[0].length;
        float[] row = new float[dim];
        for (int i = 0; i < vectors.count(); i++) {
            float[] centre = centres[random.nextInt(centres.length)];
            for (int d = 0; d < dim; d++) {
                row[d] = centre[d] + (float) random.nextGaussian();
            }
            vectors.set(i, row);
        }
    }

    /** {@code count} rows around {@code clusters} centres of spread {@code spread}, from {@code seed}. */
    public static FloatVectors generate(int count, int dim, int clusters, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return around(centres(clusters, dim, spread, random), count, random);
    }
}
