package io.akasha.diskann;

import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * Makes every node of a built Vamana graph reachable from the medoid, the one entry point of
 * every search. Robust prune keeps a node's nearest candidates first, so a tight cluster with
 * more than R members far from the rest (in high dimensions all its members are about equally
 * far from each other, and no prune drops one for another) fills every list with its own members:
 * the cluster is sealed, and the clusters it led to become islands no search reaches. Real
 * embeddings rarely look like that; a duplicate-heavy or synthetic data set can.
 *
 * <p>The repair walks the graph breadth-first from the medoid; for each node still unreached it
 * searches the graph for that node's vector (which only meets reached nodes) and gives the nearest
 * reached node with a free slot a link to it, or, when all the nearest are full, the nearest one
 * whose best-covered link (the most links pointing to its target) leads to a node other links lead
 * to as well: that link makes way. Everything the new link reaches is marked reached, and the walk
 * repeats until nothing is left out (a made-way link can still strand a node, which the next round
 * reconnects). Runs on one thread after the passes.
 */
final class ReachabilityRepair {

    /** Memory the repair holds per node of the graph (in-degree, reached flag, queue slot). */
    static final int BYTES_PER_NODE = Integer.BYTES + 1 + Integer.BYTES;
    private static final int MAX_ROUNDS = 64;

    private final VamanaGraph graph;
    private final FloatVectors vectors;
    private final Similarity similarity;
    private final int buildList;
    private final int[] inDegree;
    private final boolean[] reached;
    private final int[] queue;
    private final int[] links;

    ReachabilityRepair(VamanaGraph graph, FloatVectors vectors, Similarity similarity, int buildList) {
        this.graph = graph;
        this.vectors = vectors;
        this.similarity = similarity;
        this.buildList = buildList;
        this.inDegree = new int[graph.nodes];
        this.reached = new boolean[graph.nodes];
        this.queue = new int[graph.nodes];
        this.links = new int[graph.capacity];
    }

    /** Repairs the graph; returns how many links it added. */
    int run() {
        if (graph.nodes == 0) {
            return 0;
        }
        countInDegrees();
        VamanaSearcher searcher = new VamanaSearcher(graph, vectors.segment(), similarity);
        int added = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            java.util.Arrays.fill(reached, false);
            reach(graph.medoid());
            int before = added;
            for (int node = 0; node < graph.nodes; node++) {
                if (!reached[node]) {
                    searcher.search(similarity.prepareQuery(vectors.get(node)), buildList);
                    link(searcher, node);
                    added++;
                    reach(node);
                }
            }
            if (added == before) {
                return added;
            }
        }
        throw new IllegalStateException("the Vamana graph still had unreachable nodes after " + MAX_ROUNDS
                + " repair rounds");
    }

    private void countInDegrees() {
        for (int node = 0; node < graph.nodes; node++) {
            int count = graph.neighbors(node, links);
            for (int i = 0; i < count; i++) {
                inDegree[links[i]]++;
            }
        }
    }

    /** Marks everything reachable from {@code start} (which the caller knows to be unmarked or the medoid). */
    private void reach(int start) {
        if (reached[start]) {
            return;
        }
        int head = 0;
        int tail = 0;
        reached[start] = true;
        queue[tail++] = start;
        while (head < tail) {
            int count = graph.neighbors(queue[head++], links);
            for (int i = 0; i < count; i++) {
                if (!reached[links[i]]) {
                    reached[links[i]] = true;
                    queue[tail++] = links[i];
                }
            }
        }
    }

    /**
     * Links {@code target} from the nearest node the last search expanded that can take it (the
     * search walked from the medoid, so every node it expanded is reached and none is the target):
     * one with a free slot, else the nearest whose best-covered link (most links pointing to its
     * target) points to a node with other links, which that link then makes way for.
     */
    private void link(VamanaSearcher searcher, int target) {
        int[] order = searcher.expandedNearestFirst();
        for (int from : order) {
            int count = graph.neighbors(from, links);
            if (count < graph.maxDegree) {
                links[count] = target;
                graph.setNeighbors(from, links, count + 1);
                inDegree[target]++;
                return;
            }
        }
        for (int from : order) {
            if (replaceBestCovered(from, target, 2)) {
                return;
            }
        }
        replaceBestCovered(order[0], target, 1);
    }

    /**
     * Replaces the link of {@code from} whose target has the most links pointing to it, if that
     * is at least {@code minInDegree}, by a link to {@code target}; returns whether it did.
     */
    private boolean replaceBestCovered(int from, int target, int minInDegree) {
        int count = graph.neighbors(from, links);
        int replaced = 0;
        for (int i = 1; i < count; i++) {
            if (inDegree[links[i]] > inDegree[links[replaced]]) {
                replaced = i;
            }
        }
        if (count == 0 || inDegree[links[replaced]] < minInDegree) {
            return false;
        }
        inDegree[links[replaced]]--;
        links[replaced] = target;
        graph.setNeighbors(from, links, count);
        inDegree[target]++;
        return true;
    }
}
