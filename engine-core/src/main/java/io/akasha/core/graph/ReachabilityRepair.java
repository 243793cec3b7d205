package io.akasha.core.graph;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Makes every node of a built proximity graph reachable from its entry point, where every search
 * starts. Neighbour selection keeps each node's nearest candidates, so a node whose in-links are
 * all pruned away later in the build is left with none: no search can return it, however long
 * its list. HNSW builds leave a few such nodes (glove100: 12-24 of 100,000, different on every
 * concurrent build), which is enough to lose a true neighbour under a selective filter; Vamana
 * builds over tight clusters larger than the degree leave whole islands (a cluster's members are
 * about equally far from each other, no prune drops one for another, the cluster is sealed).
 *
 * <p>The repair walks the graph breadth-first from the entry; for each node still unreached it
 * asks {@link LinkSources} for reached nodes near it and gives the nearest one with a free slot
 * a link to it. When all of them are full, one of their links makes way, chosen so that the node
 * it led to stays reached (the stranded node links to it too, or takes the link over); failing
 * that, the link to the node most other links lead to. Everything the new link reaches is marked
 * reached, and the walk repeats until nothing is left out (a link that made way can still strand
 * a node, which the next round reconnects). Runs on one thread, after the build and before any
 * search.
 */
public final class ReachabilityRepair {

    /** Reached nodes near an unreached one, for linking it from the graph. */
    @FunctionalInterface
    public interface LinkSources {
        /**
         * Nodes that {@code reached} accepts near {@code node}, the nearest first (typically a
         * search of the graph for its vector); an empty answer links it from the entry.
         */
        int[] nearestReached(int node, IntPredicate reached);
    }

    /** Memory the repair holds per node of the graph (in-degree, reached flag, queue slot). */
    public static final int BYTES_PER_NODE = Integer.BYTES + 1 + Integer.BYTES;
    private static final int MAX_ROUNDS = 64;

    private final LinkedGraph graph;
    private final int entry;
    private final LinkSources sources;
    private final int[] inDegree;
    private final boolean[] reached;
    private final int[] queue;
    private final int[] links;
    private final int[] targetLinks;

    public ReachabilityRepair(LinkedGraph graph, int entry, LinkSources sources) {
        this.graph = graph;
        this.entry = entry;
        this.sources = sources;
        this.inDegree = new int[graph.nodes()];
        this.reached = new boolean[graph.nodes()];
        this.queue = new int[graph.nodes()];
        this.links = new int[graph.maxDegree()];
        this.targetLinks = new int[graph.maxDegree()];
    }

    /**
     * Repairs the graph; returns how many links it added.
     *
     * @throws IllegalStateException if nodes are still unreachable after 64 rounds
     */
    public int run() {
        if (graph.nodes() == 0) {
            return 0;
        }
        countInDegrees();
        IntPredicate isReached = node -> reached[node];
        int added = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Arrays.fill(reached, false);
            reach(entry);
            int before = added;
            for (int node = 0; node < graph.nodes(); node++) {
                if (!reached[node]) {
                    link(sources.nearestReached(node, isReached), node);
                    added++;
                    reach(node);
                }
            }
            if (added == before) {
                return added;
            }
        }
        throw new IllegalStateException("the graph still had unreachable nodes after " + MAX_ROUNDS
                + " repair rounds");
    }

    private void countInDegrees() {
        for (int node = 0; node < graph.nodes(); node++) {
            int count = graph.neighbors(node, links);
            for (int i = 0; i < count; i++) {
                inDegree[links[i]]++;
            }
        }
    }

    /** Marks everything reachable from {@code start}, unless it is marked already. */
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
     * Links {@code target} from the nearest of {@code candidates} (reached nodes, nearest first)
     * that can take it. In order of preference, each keeping every node reached so far reached:
     * a free slot; a full list's link to a node the target links to as well (now reached through
     * the target); the nearest full list's best-covered link, which moves behind the target when
     * the target has a free slot. Only when none applies does a best-covered link simply make way
     * (its node may be stranded, for a later round to reconnect).
     */
    private void link(int[] candidates, int target) {
        int[] order = candidates.length == 0 ? new int[] {entry} : candidates;
        for (int from : order) {
            int count = graph.neighbors(from, links);
            if (count < graph.maxDegree()) {
                links[count] = target;
                graph.setNeighbors(from, links, count + 1);
                inDegree[target]++;
                return;
            }
        }
        int targetCount = graph.neighbors(target, targetLinks);
        for (int from : order) {
            int count = graph.neighbors(from, links);
            for (int i = 0; i < count; i++) {
                if (contains(targetLinks, targetCount, links[i])) {
                    replace(from, i, count, target);
                    return;
                }
            }
        }
        if (targetCount < graph.maxDegree()) {
            int count = graph.neighbors(order[0], links);
            int moved = bestCovered(count);
            targetLinks[targetCount] = links[moved];
            graph.setNeighbors(target, targetLinks, targetCount + 1);
            inDegree[links[moved]]++;
            replace(order[0], moved, count, target);
            return;
        }
        for (int from : order) {
            if (replaceBestCovered(from, target, 2)) {
                return;
            }
        }
        replaceBestCovered(order[0], target, 1);
    }

    private static boolean contains(int[] ids, int count, int id) {
        for (int i = 0; i < count; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }

    /** Replaces link {@code i} of {@code from} (whose {@code count} links are in {@link #links}) by one to {@code target}. */
    private void replace(int from, int i, int count, int target) {
        inDegree[links[i]]--;
        links[i] = target;
        graph.setNeighbors(from, links, count);
        inDegree[target]++;
    }

    /** The index among {@link #links}{@code [0..count)} of the link whose target has the most links pointing to it. */
    private int bestCovered(int count) {
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (inDegree[links[i]] > inDegree[links[best]]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Replaces the link of {@code from} whose target has the most links pointing to it, if that
     * is at least {@code minInDegree}, by a link to {@code target}; returns whether it did.
     */
    private boolean replaceBestCovered(int from, int target, int minInDegree) {
        int count = graph.neighbors(from, links);
        if (count == 0) {
            return false;
        }
        int replaced = bestCovered(count);
        if (inDegree[links[replaced]] < minInDegree) {
            return false;
        }
        replace(from, replaced, count, target);
        return true;
    }
}
