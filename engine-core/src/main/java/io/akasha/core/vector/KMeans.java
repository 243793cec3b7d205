package io.akasha.core.vector;

import java.util.Arrays;

import io.akasha.core.search.Permutations;

/**
 * Lloyd's k-means over points packed in one array ({@code n x width} floats, row after row), as
 * product quantization trains each subspace and a sharded graph build partitions its data. The
 * initial centroids are distinct random points (seeded); a cluster left empty takes the point
 * worst served so far.
 */
public final class KMeans {

    private KMeans() {
    }

    /**
     * Trains {@code k} centroids (at most {@code n}) with {@code iterations} rounds; returns them
     * packed, {@code k x width}.
     */
    public static float[] train(float[] points, int n, int width, int k, int iterations, long seed) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k-means needs 1 to " + n + " centroids (the points), got " + k);
        }
        int[] order = Permutations.seeded(n, seed); // its first k entries are k distinct random points
        float[] centroids = new float[k * width];
        for (int c = 0; c < k; c++) {
            System.arraycopy(points, order[c] * width, centroids, c * width, width);
        }
        int[] assigned = new int[n];
        float[] distances = new float[n];
        for (int iteration = 0; iteration < iterations; iteration++) {
            Centroids current = new Centroids(centroids, k, width);
            float[] scratch = new float[k];
            for (int i = 0; i < n; i++) {
                assigned[i] = current.nearest(points, i * width, scratch);
                distances[i] = scratch[assigned[i]];
            }
            float[] sums = new float[k * width];
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                counts[assigned[i]]++;
                for (int d = 0; d < width; d++) {
                    sums[assigned[i] * width + d] += points[i * width + d];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) {
                    int worst = 0;
                    for (int i = 1; i < n; i++) {
                        if (distances[i] > distances[worst]) {
                            worst = i;
                        }
                    }
                    System.arraycopy(points, worst * width, centroids, c * width, width);
                    distances[worst] = 0; // now served: the next empty cluster takes another point
                } else {
                    for (int d = 0; d < width; d++) {
                        centroids[c * width + d] = sums[c * width + d] / counts[c];
                    }
                }
            }
        }
        return centroids;
    }

    /**
     * A fixed set of centroids to find the nearest of (squared Euclidean distance); immutable and
     * thread-safe. The centroids are kept transposed (dimension-major), so that a point's distances
     * to all of them are computed with the loop over centroids innermost, which the JIT vectorizes:
     * many times faster than one short distance per centroid when the width is a few floats, as in
     * product quantization.
     */
    public static final class Centroids {
        private final int k;
        private final int width;
        private final float[] transposed;

        /** Over {@code centroids} packed {@code k x width}. */
        public Centroids(float[] centroids, int k, int width) {
            this.k = k;
            this.width = width;
            this.transposed = new float[k * width];
            for (int c = 0; c < k; c++) {
                for (int d = 0; d < width; d++) {
                    transposed[d * k + c] = centroids[c * width + d];
                }
            }
        }

        /**
         * The nearest centroid to the point at {@code point[at..at + width)}; {@code distances}
         * (at least k long) is left holding the squared distances to every centroid.
         */
        public int nearest(float[] point, int at, float[] distances) {
            distances(point, at, distances);
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (distances[c] < distances[best]) {
                    best = c;
                }
            }
            return best;
        }

        /** Fills {@code out[0..k)} with the squared distances from the point at {@code point[at..at + width)}. */
        public void distances(float[] point, int at, float[] out) {
            Arrays.fill(out, 0, k, 0f);
            for (int d = 0; d < width; d++) {
                float x = point[at + d];
                int row = d * k;
                for (int c = 0; c < k; c++) {
                    float diff = x - transposed[row + c];
                    out[c] += diff * diff;
                }
            }
        }
    }
}
