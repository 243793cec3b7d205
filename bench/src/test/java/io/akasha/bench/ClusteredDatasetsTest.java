package io.akasha.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akasha.core.dataset.Dataset;
import io.akasha.core.vector.Similarity;
import io.akasha.core.vector.VectorUtil;
import org.junit.jupiter.api.Test;

class ClusteredDatasetsTest {

    @Test
    void sameSeedGivesTheSameDataAndGroundTruthIsTheExactNearestNeighbours() {
        try (Dataset a = ClusteredDatasets.generate("a", 3000, 16, 20, 8, 10, Similarity.L2, 7, 2);
             Dataset b = ClusteredDatasets.generate("b", 3000, 16, 20, 8, 10, Similarity.L2, 7, 2);
             Dataset c = ClusteredDatasets.generate("c", 3000, 16, 20, 8, 10, Similarity.L2, 8, 2)) {
            assertArrayEquals(a.base().get(2999), b.base().get(2999));
            assertArrayEquals(a.groundTruth()[19], b.groundTruth()[19]);
            assertTrue(a.base().get(0)[0] != c.base().get(0)[0], "another seed, other data");

            for (int q = 0; q < 20; q++) {
                float[] query = a.queries().get(q);
                int[] truth = a.groundTruth()[q];
                assertEquals(10, truth.length);
                float kth = VectorUtil.squareDistance(query, a.base().get(truth[9]));
                for (int row = 0; row < a.base().count(); row++) {
                    if (VectorUtil.squareDistance(query, a.base().get(row)) < kth) {
                        boolean listed = false;
                        for (int id : truth) {
                            listed |= id == row;
                        }
                        assertTrue(listed, "row " + row + " is closer than the 10th neighbour of query " + q);
                    }
                }
            }
        }
    }
}
