package io.akasha.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.akasha.core.search.TopK;

class NodeQueueTest {

    @Test
    void bestFirstPopsHighestScoresAndWorstFirstLowestTiesToTheLowerNode() {
        Random random = new Random(5);
        NodeQueue best = NodeQueue.bestFirst(4);
        NodeQueue worst = NodeQueue.worstFirst(4);
        List<long[]> pairs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            float score = random.nextInt(50) - 25.5f;  // many ties
            best.push(score, i);
            worst.push(score, i);
            pairs.add(new long[] {TopK.encode(score, i)});
        }
        pairs.sort(Comparator.comparingLong(p -> p[0]));
        for (int i = 0; i < pairs.size(); i++) {
            long expectedBest = pairs.get(pairs.size() - 1 - i)[0];
            long expectedWorst = pairs.get(i)[0];
            assertEquals(TopK.decodeScore(expectedBest), best.topScore());
            assertEquals(TopK.decodeId(expectedBest), best.topNode());
            assertEquals(expectedBest, best.popEncoded());
            assertEquals(expectedWorst, worst.popEncoded());
        }
        assertTrue(best.isEmpty() && worst.isEmpty());
    }
}
