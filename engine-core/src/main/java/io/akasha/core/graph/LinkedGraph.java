package io.akasha.core.graph;

/**
 * The one-level adjacency lists of a proximity graph (a Vamana graph, level 0 of an HNSW graph)
 * as a {@link ReachabilityRepair} reads and rewrites them: nodes {@code 0..nodes()-1}, each with
 * at most {@link #maxDegree()} directed links.
 */
public interface LinkedGraph {

    /** How many nodes the graph has. */
    int nodes();

    /** The most links one node's list may hold. */
    int maxDegree();

    /** Copies the links of {@code node} into {@code out} (room for {@link #maxDegree()}); returns how many. */
    int neighbors(int node, int[] out);

    /** Replaces the links of {@code node} by {@code ids[0..count)}; no search runs meanwhile. */
    void setNeighbors(int node, int[] ids, int count);
}
