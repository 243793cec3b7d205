package io.akasha.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * The repair on small graphs whose nodes sit on a line (node i at position i, so "nearest" is
 * plain to see): a stranded node is linked from the nearest reached node with a free slot, or,
 * when every candidate is full, in place of a link that stays reachable through the stranded
 * node; with no candidate, from the entry; and random sparse graphs (degree 2 to 5, the least any
 * index allows being 2) end fully reachable within the degree, without duplicate or self links.
 */
class ReachabilityRepairTest {

    /** Adjacency lists in arrays, at most {@code maxDegree} links each. */
    private record ListGraph(int[][] lists, int maxDegree) implements LinkedGraph {
        @Override
        public int nodes() {
            return lists.length;
        }

        @Override
        public int neighbors(int node, int[] out) {
            System.arraycopy(lists[node], 0, out, 0, lists[node].length);
            return lists[node].length;
        }

        @Override
        public void setNeighbors(int node, int[] ids, int count) {
            lists[node] = Arrays.copyOf(ids, count);
        }

        int reachableFrom(int entry) {
            return Reachable.from(entry, lists.length, node -> lists[node]);
        }
    }

    /** Reached nodes nearest {@code node} on the line, nearest first. */
    private static ReachabilityRepair.LinkSources onTheLine(int nodes) {
        return (node, reached) -> IntStream.range(0, nodes).filter(reached).boxed()
                .sorted(Comparator.comparingInt(other -> Math.abs(other - node)))
                .mapToInt(Integer::intValue).toArray();
    }

    @Test
    void aStrandedIslandIsLinkedFromTheNearestReachedNodeWithAFreeSlot() {
        ListGraph graph = new ListGraph(new int[][] {{1}, {2}, {0}, {4}, {3}}, 2);
        assertEquals(1, new ReachabilityRepair(graph, 0, onTheLine(5)).run());
        assertArrayEquals(new int[] {0, 3}, graph.lists()[2], "node 2, the nearest reached, links to 3");
        assertEquals(5, graph.reachableFrom(0));
    }

    @Test
    void whenEveryCandidateIsFullALinkToANodeTheStrandedOneAlsoLinksToMakesWay() {
        // Degree 1: 0 -> 1 -> 0 and 2 -> 1; nobody links to 2. Node 1 (nearest) links to 0, which
        // node 2 does not; node 0 links to 1, as node 2 does: 0 -> 2 -> 1 loses nothing.
        ListGraph graph = new ListGraph(new int[][] {{1}, {0}, {1}}, 1);
        assertEquals(1, new ReachabilityRepair(graph, 0, onTheLine(3)).run());
        assertArrayEquals(new int[] {2}, graph.lists()[0]);
        assertArrayEquals(new int[] {0}, graph.lists()[1]);
        assertEquals(3, graph.reachableFrom(0));
    }

    @Test
    void whenNoLinkIsSharedTheNearestListsLinkMovesBehindTheStrandedNode() {
        // Degree 1: 0 -> 1 -> 0, and 2 links nowhere: 1 -> 2 -> 0 keeps 0 reached.
        ListGraph graph = new ListGraph(new int[][] {{1}, {0}, {}}, 1);
        assertEquals(1, new ReachabilityRepair(graph, 0, onTheLine(3)).run());
        assertArrayEquals(new int[] {2}, graph.lists()[1]);
        assertArrayEquals(new int[] {0}, graph.lists()[2]);
        assertEquals(3, graph.reachableFrom(0));
    }

    @Test
    void withNoCandidateTheEntryTakesTheLink() {
        ListGraph graph = new ListGraph(new int[][] {{}, {}, {}}, 2);
        assertEquals(2, new ReachabilityRepair(graph, 0, (node, reached) -> new int[0]).run());
        assertArrayEquals(new int[] {1, 2}, graph.lists()[0]);
    }

    @Test
    void anEmptyGraphOrAReachableOneIsLeftAlone() {
        assertEquals(0, new ReachabilityRepair(new ListGraph(new int[0][], 4), 0, onTheLine(0)).run());
        ListGraph ring = new ListGraph(new int[][] {{1}, {2}, {0}}, 1);
        assertEquals(0, new ReachabilityRepair(ring, 0, onTheLine(3)).run());
        assertArrayEquals(new int[] {1}, ring.lists()[0]);
    }

    @Test
    void randomSparseGraphsEndFullyReachableWithinTheDegree() {
        Random random = new Random(5);
        for (int trial = 0; trial < 2_000; trial++) {
            int nodes = 20 + random.nextInt(200);
            int degree = 2 + random.nextInt(4);
            int[][] lists = new int[nodes][];
            for (int node = 0; node < nodes; node++) {
                int self = node;
                int[] links = random.ints(0, nodes).filter(other -> other != self).distinct()
                        .limit(random.nextInt(degree + 1)).toArray();
                lists[node] = links;
            }
            ListGraph graph = new ListGraph(lists, degree);
            int entry = random.nextInt(nodes);
            new ReachabilityRepair(graph, entry, onTheLine(nodes)).run();
            assertEquals(nodes, graph.reachableFrom(entry), "trial " + trial + ": reachable from " + entry);
            for (int node = 0; node < nodes; node++) {
                int self = node;
                int[] links = graph.lists()[node];
                assertTrue(links.length <= degree && Arrays.stream(links).distinct().count() == links.length
                        && Arrays.stream(links).noneMatch(other -> other == self),
                        "trial " + trial + ", node " + node + ": " + Arrays.toString(links));
            }
        }
    }
}
