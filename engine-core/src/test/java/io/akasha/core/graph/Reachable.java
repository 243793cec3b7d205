package io.akasha.core.graph;

import java.util.function.IntFunction;

/** Counts the nodes a breadth-first walk reaches, for tests of graph connectivity (shared through the test-jar). */
public final class Reachable {

    private Reachable() {
    }

    /** Nodes reachable from {@code start} (itself included), {@code links} giving each node's links. */
    public static int from(int start, int nodes, IntFunction<int[]> links) {
        boolean[] seen = new boolean[nodes];
        int[] queue = new int[nodes];
        int head = 0;
        int tail = 0;
        queue[tail++] = start;
        seen[start] = true;
        while (head < tail) {
            for (int next : links.apply(queue[head++])) {
                if (!seen[next]) {
                    seen[next] = true;
                    queue[tail++] = next;
                }
            }
        }
        return tail;
    }
}
