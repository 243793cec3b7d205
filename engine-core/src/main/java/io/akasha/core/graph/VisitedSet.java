package io.akasha.core.graph;

/**
 * Which nodes a search has seen, reset in O(1): each node holds the tag of the search that last
 * visited it, and a reset just moves to a new tag. Tags are 16-bit, as in hnswlib: half the
 * memory and cache footprint of int tags (each pooled searcher holds one array of the graph's
 * size), for a clear of the array once every 65,535 searches.
 */
public final class VisitedSet {

    private short[] tags;
    private short tag = 1;

    public VisitedSet(int nodes) {
        this.tags = new short[nodes];
    }

    /** Marks {@code node} visited; returns whether it was not visited before. */
    public boolean visit(int node) {
        if (tags[node] == tag) {
            return false;
        }
        tags[node] = tag;
        return true;
    }

    public boolean visited(int node) {
        return tags[node] == tag;
    }

    /** Forgets every visit, and makes room for {@code nodes} nodes. */
    public void reset(int nodes) {
        if (nodes > tags.length) {
            tags = new short[Math.max(nodes, tags.length + (tags.length >> 1))];
            tag = 1;
            return;
        }
        if (++tag == 0) {
            java.util.Arrays.fill(tags, (short) 0);
            tag = 1;
        }
    }
}
