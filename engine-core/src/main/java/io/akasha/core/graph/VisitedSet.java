package io.akasha.core.graph;

/**
 * Which nodes a search has seen, reset in O(1): each node holds the tag of the search that last
 * visited it, and a reset just moves to a new tag (the array is cleared only when the tags wrap,
 * once in four billion searches).
 */
public final class VisitedSet {

    private int[] tags;
    private int tag = 1;

    public VisitedSet(int nodes) {
        this.tags = new int[nodes];
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
            tags = new int[Math.max(nodes, tags.length + (tags.length >> 1))];
            tag = 1;
            return;
        }
        if (++tag == 0) {
            java.util.Arrays.fill(tags, 0);
            tag = 1;
        }
    }
}
