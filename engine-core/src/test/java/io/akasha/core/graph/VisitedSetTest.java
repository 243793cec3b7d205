package io.akasha.core.graph;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VisitedSetTest {

    @Test
    void aResetForgetsEveryVisitIncludingWhenTheTagsWrap() {
        VisitedSet visited = new VisitedSet(10);
        for (int search = 0; search < 200_000; search++) {
            int node = search % 10;
            assertTrue(visited.visit(node), "search " + search + " sees node " + node + " for the first time");
            assertFalse(visited.visit(node));
            assertTrue(visited.visited(node));
            assertFalse(visited.visited((node + 1) % 10));
            visited.reset(10);
        }
    }

    @Test
    void resetMakesRoomForMoreNodes() {
        VisitedSet visited = new VisitedSet(2);
        visited.visit(1);
        visited.reset(1_000);
        assertTrue(visited.visit(999));
        assertTrue(visited.visit(1));
    }
}
