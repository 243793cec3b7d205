package io.akasha.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void encodingOrdersByScoreThenLowerIdAndRoundTrips() {
        float[] scores = {Float.NEGATIVE_INFINITY, -1e30f, -2.5f, -0f, 0f, 1e-40f, 3f, Float.MAX_VALUE};
        for (int i = 0; i + 1 < scores.length; i++) {
            if (Float.compare(scores[i], scores[i + 1]) < 0 && !(scores[i] == 0 && scores[i + 1] == 0)) {
                assertEquals(-1, Long.signum(TopK.encode(scores[i], 5) - TopK.encode(scores[i + 1], 5)),
                        scores[i] + " < " + scores[i + 1]);
            }
            assertEquals(scores[i], TopK.decodeScore(TopK.encode(scores[i], 7)));
        }
        assertEquals(1, Long.signum(TopK.encode(1f, 3) - TopK.encode(1f, 4)), "equal scores: lower id ranks higher");
        assertEquals(Integer.MAX_VALUE, TopK.decodeId(TopK.encode(2f, Integer.MAX_VALUE)));
        assertEquals(0, TopK.decodeId(TopK.encode(2f, 0)));
    }

    @Test
    void keepsTheBestKOfManyCandidatesBestFirst() {
        SplittableRandom random = new SplittableRandom(1);
        int n = 10_000;
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = random.nextInt(2000) / 7f;  // many exact ties
        }
        for (int k : new int[] {1, 10, 100, n, n + 5}) {
            TopK top = new TopK(k);
            for (int i = 0; i < n; i++) {
                top.offer(scores[i], i);
            }
            int[] expected = IntStream.range(0, n).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            SearchResult result = top.drain();
            assertArrayEquals(expected, result.ids(), "k=" + k);
            assertEquals(scores[expected[0]], result.scores()[0]);
            assertEquals(0, top.size(), "drain empties the collector");
            assertEquals(Arrays.stream(expected).distinct().count(), expected.length);
        }
    }
}
