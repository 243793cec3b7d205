package io.akasha.diskann;

import java.lang.foreign.MemorySegment;

import io.akasha.core.graph.NodeQueue;
import io.akasha.core.graph.VisitedSet;
import io.akasha.core.search.SearchResult;
import io.akasha.core.search.TopK;
import io.akasha.core.vector.Similarity;

/**
 * The greedy beam search of a Vamana graph (the paper's GreedySearch), owned by one thread at a
 * time and reused: from the medoid, repeatedly expand the best unexpanded node of a list of the
 * {@code L} best seen, until every node in the list is expanded. Records the expanded nodes in
 * order (the candidates a build prunes from). Scores follow {@link Similarity#scoreRows}:
 * larger is better.
 */
final class VamanaSearcher {

    private final VamanaGraph graph;
    private final MemorySegment vectors;
    private final Similarity similarity;
    private final VisitedSet visited;
    private final NodeQueue candidates = NodeQueue.bestFirst(128);
    private final NodeQueue list = NodeQueue.worstFirst(128);
    private final int[] links;
    private final int[] fresh;
    private final float[] scores;
    /** The nodes the last search expanded, and their scores, in expansion order. */
    int[] expanded = new int[128];
    float[] expandedScores = new float[128];
    int expandedCount;

    VamanaSearcher(VamanaGraph graph, MemorySegment vectors, Similarity similarity) {
        this.graph = graph;
        this.vectors = vectors;
        this.similarity = similarity;
        this.visited = new VisitedSet(graph.nodes);
        this.links = new int[graph.capacity];
        this.fresh = new int[graph.capacity];
        this.scores = new float[graph.capacity];
    }

    /** Beam search with list size {@code listSize} for {@code query} (in scoring form). */
    void search(float[] query, int listSize) {
        visited.reset(graph.nodes);
        candidates.clear();
        list.clear();
        expandedCount = 0;
        int entry = graph.medoid();
        fresh[0] = entry;
        similarity.scoreRows(query, vectors, 0, fresh, 1, scores);
        visited.visit(entry);
        candidates.push(scores[0], entry);
        list.push(scores[0], entry);
        while (!candidates.isEmpty()) {
            long best = candidates.popEncoded();
            float bestScore = TopK.decodeScore(best);
            if (list.size() >= listSize && bestScore < list.topScore()) {
                break; // everything left is worse than the whole list
            }
            int node = TopK.decodeId(best);
            remember(node, bestScore);
            int count = graph.neighbors(node, links);
            int unvisited = 0;
            for (int i = 0; i < count; i++) {
                if (visited.visit(links[i])) {
                    fresh[unvisited++] = links[i];
                }
            }
            similarity.scoreRows(query, vectors, 0, fresh, unvisited, scores);
            for (int i = 0; i < unvisited; i++) {
                if (list.size() < listSize || scores[i] > list.topScore()) {
                    candidates.push(scores[i], fresh[i]);
                    list.push(scores[i], fresh[i]);
                    if (list.size() > listSize) {
                        list.popEncoded();
                    }
                }
            }
        }
    }

    private void remember(int node, float score) {
        if (expandedCount == expanded.length) {
            expanded = java.util.Arrays.copyOf(expanded, 2 * expandedCount);
            expandedScores = java.util.Arrays.copyOf(expandedScores, 2 * expandedCount);
        }
        expanded[expandedCount] = node;
        expandedScores[expandedCount++] = score;
    }

    /** The nodes the last search expanded, the best scoring first. */
    int[] expandedNearestFirst() {
        Integer[] order = new Integer[expandedCount];
        for (int i = 0; i < expandedCount; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(expandedScores[b], expandedScores[a]));
        int[] nodes = new int[expandedCount];
        for (int i = 0; i < expandedCount; i++) {
            nodes[i] = expanded[order[i]];
        }
        return nodes;
    }

    /** The best {@code k} of the last search's list, best first. */
    SearchResult top(int k) {
        TopK top = new TopK(Math.max(1, Math.min(k, list.size())));
        while (!list.isEmpty()) {
            long entry = list.popEncoded();
            top.offer(TopK.decodeScore(entry), TopK.decodeId(entry));
        }
        return top.drain();
    }
}
