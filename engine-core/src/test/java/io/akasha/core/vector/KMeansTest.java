package io.akasha.core.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * k-means: the transposed nearest-centroid search agrees with a plain one for every width, and
 * training gives every cluster of a well-separated set its own centroid, even when the random
 * start put two centroids in one cluster (the emptied one moves to the point worst served).
 */
class KMeansTest {

    @Test
    void theNearestCentroidAndTheDistancesAgreeWithAPlainSearch() {
        Random random = new Random(1);
        for (int width : new int[] {1, 2, 3, 4, 17, 128}) {
            for (int k : new int[] {1, 5, 16, 256}) {
                float[] centroids = new float[k * width];
                for (int i = 0; i < centroids.length; i++) {
                    centroids[i] = (float) random.nextGaussian();
                }
                KMeans.Centroids finder = new KMeans.Centroids(centroids, k, width);
                float[] point = new float[width + 3];
                float[] distances = new float[k];
                for (int trial = 0; trial < 20; trial++) {
                    for (int d = 0; d < point.length; d++) {
                        point[d] = (float) random.nextGaussian();
                    }
                    int best = 0;
                    float bestDistance = Float.POSITIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        float distance = 0;
                        for (int d = 0; d < width; d++) {
                            float diff = point[3 + d] - centroids[c * width + d];
                            distance += diff * diff;
                        }
                        if (distance < bestDistance) {
                            bestDistance = distance;
                            best = c;
                        }
                    }
                    assertEquals(best, finder.nearest(point, 3, distances), "width " + width + ", k " + k);
                    assertEquals(bestDistance, distances[best], 1e-4f * Math.max(1, bestDistance));
                }
            }
        }
    }

    @Test
    void trainingFindsWellSeparatedClusters() {
        int width = 8;
        int clusters = 6;
        int perCluster = 200;
        float[] points = new float[clusters * perCluster * width];
        for (int i = 0; i < clusters * perCluster; i++) {
            for (int d = 0; d < width; d++) {
                // cluster c is 200 copies of the point at 100 * c on every axis
                points[i * width + d] = 100f * (i % clusters);
            }
        }
        float[] centroids = KMeans.train(points, clusters * perCluster, width, clusters, 10, 42);
        Set<Integer> found = new HashSet<>();
        for (int c = 0; c < clusters; c++) {
            found.add(Math.round(centroids[c * width] / 100f));
            assertEquals(0, centroids[c * width] % 100f, "a centroid is its cluster's point");
        }
        assertEquals(clusters, found.size(), "every cluster has its own centroid");
        assertThrows(IllegalArgumentException.class, () -> KMeans.train(points, 3, width, 4, 1, 1));
    }
}
