package io.akasha.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RecallTest {

    @Test
    void countsTrueNeighboursFoundAmongTheFirstKResultsRegardlessOfOrder() {
        int[][] truth = {{1, 2, 3, 4}, {10, 11, 12, 13}, {7, 8, 9, 6}};
        int[][] results = {
                {4, 3, 2, 1},        // all found, other order: 1.0
                {10, 99, 11, 98},    // 2 of 4: 0.5
                {6, 5}               // 1 found, 2 places missing: 0.25
        };
        assertEquals(1.0, Recall.ofQuery(results[0], truth[0], 4));
        assertEquals(0.5, Recall.ofQuery(results[1], truth[1], 4));
        assertEquals(0.25, Recall.ofQuery(results[2], truth[2], 4));
        assertEquals((1.0 + 0.5 + 0.25) / 3, Recall.atK(results, truth, 4), 1e-12);
        // At k=2 only the first two of each count: {4,3} vs {1,2} -> 0; {10,99} vs {10,11} -> .5; {6,5} vs {7,8} -> 0
        assertEquals(0.5 / 3, Recall.atK(results, truth, 2), 1e-12);
    }

    @Test
    void rejectsKBeyondTheGroundTruthAndMissingRows() {
        assertEquals("ground truth has 2 neighbours, fewer than k=3",
                assertThrows(IllegalArgumentException.class,
                        () -> Recall.ofQuery(new int[] {1}, new int[] {1, 2}, 3)).getMessage());
        assertEquals("2 queries but only 1 ground-truth rows",
                assertThrows(IllegalArgumentException.class,
                        () -> Recall.atK(new int[][] {{1}, {2}}, new int[][] {{1}}, 1)).getMessage());
    }
}
