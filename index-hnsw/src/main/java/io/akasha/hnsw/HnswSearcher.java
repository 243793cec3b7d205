package io.akasha.hnsw;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import io.akasha.core.graph.NodeQueue;
import io.akasha.core.graph.VisitedSet;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.search.TopK;
import io.akasha.core.vector.Similarity;

/**
 * The state of one search (or one insertion's searches), owned by one thread at a time and
 * reused: candidate and result queues, the visited set, and the buffers a node's unvisited
 * neighbours are gathered into and scored from in one kernel call. Nothing is allocated per
 * search once the buffers have grown. A searcher of a quantized graph scores int8 codes
 * ({@link QuantizedVectors}) instead of the float vectors.
 */
final class HnswSearcher {

    private final HnswGraph graph;
    private final MemorySegment vectors;
    private final Similarity similarity;
    /** Scored instead of {@link #vectors} when the graph's searches walk int8 codes; else null. */
    private final QuantizedVectors quantized;
    private final byte[] queryCodes;
    private final int[] dots;
    private float queryConstant;
    final VisitedSet visited;
    final NodeQueue candidates = NodeQueue.bestFirst(256);
    final NodeQueue results = NodeQueue.worstFirst(256);
    private final int[] links;
    private final int[] gathered;
    private final float[] scores;
    private final long rowBytes;

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    HnswSearcher(HnswGraph graph, MemorySegment vectors, int dim, Similarity similarity, QuantizedVectors quantized) {
        this.graph = graph;
        this.vectors = vectors;
        this.similarity = similarity;
        this.quantized = quantized;
        this.visited = new VisitedSet(graph.capacity());
        int most = Math.max(graph.m0, graph.m);
        // A two-hop gathering takes up to 3 * M0 nodes (HnswGraph.unvisitedAcceptedWithinTwoHops).
        int gatheredMost = 3 * most;
        this.links = new int[most];
        this.gathered = new int[gatheredMost];
        this.scores = new float[gatheredMost];
        this.queryCodes = quantized == null ? null : new byte[dim];
        this.dots = quantized == null ? null : new int[gatheredMost];
        this.rowBytes = (long) dim * Float.BYTES;
    }

    /**
     * Readies the searcher for {@code query} (in scoring form): with int8 codes, quantizes it. Call
     * before the searches of each query.
     */
    void prepare(float[] query) {
        if (quantized != null) {
            queryConstant = quantized.prepareQuery(query, queryCodes);
        }
    }

    /** Scores {@code nodes[0..count)} into {@code out}: the float vectors, or the int8 codes. */
    private void scoreNodes(float[] query, int[] nodes, int count, float[] out) {
        if (quantized == null) {
            similarity.scoreRows(query, vectors, 0, nodes, count, out);
        } else {
            quantized.scoreRows(queryCodes, queryConstant, nodes, count, dots, out);
        }
    }

    /** The score of one node, for the entry point. */
    float score(float[] query, int node) {
        gathered[0] = node;
        scoreNodes(query, gathered, 1, scores);
        return scores[0];
    }

    /**
     * Greedy descent from the top level down to {@code stopLevel + 1}: moves to the best
     * neighbour while one improves. Returns the node reached; its score is left in
     * {@link #descentScore}.
     */
    int descend(float[] query, int node, float score, int fromLevel, int stopLevel) {
        for (int level = fromLevel; level > stopLevel; level--) {
            boolean improved = true;
            while (improved) {
                improved = false;
                int count = graph.neighbors(node, level, links);
                scoreNodes(query, links, count, scores);
                for (int i = 0; i < count; i++) {
                    if (scores[i] > score) {
                        score = scores[i];
                        node = links[i];
                        improved = true;
                    }
                }
            }
        }
        descentScore = score;
        return node;
    }

    float descentScore;

    /** Keeps the touched values alive so that the touching loads are not optimized away. */
    float sink;

    /**
     * Beam search on {@code level} from {@code entry}: afterwards {@link #results} holds up to
     * {@code ef} of the best nodes that {@code filter} and {@code window} accept. Rejected nodes
     * are still expanded, so the search walks through them to the accepted ones; with
     * {@code twoHop} (level 0, selective filters), they are looked through instead, ACORN-style:
     * only accepted nodes, within two hops, are scored and queued.
     */
    void searchLevel(float[] query, int entry, float entryScore, int ef, int level, RowFilter filter,
                     ScoreWindow window, boolean twoHop) {
        visited.reset(graph.capacity());
        candidates.clear();
        results.clear();
        visited.visit(entry);
        candidates.push(entryScore, entry);
        boolean allRows = filter == RowFilter.ALL;
        boolean allScores = window.isAll();
        if ((allRows || filter.accept(entry)) && (allScores || window.contains(entryScore))) {
            results.push(entryScore, entry);
        }
        // The worst kept score, once ef results are kept: a candidate below it cannot help.
        float bound = results.size() >= ef ? results.topScore() : Float.NEGATIVE_INFINITY;
        while (!candidates.isEmpty()) {
            long best = candidates.popEncoded();
            if (TopK.decodeScore(best) < bound) {
                break;
            }
            int fresh;
            if (twoHop) {
                fresh = graph.unvisitedAcceptedWithinTwoHops(TopK.decodeId(best), visited, filter, gathered, links);
            } else if (level == 0) {
                fresh = graph.unvisitedLevel0Neighbors(TopK.decodeId(best), visited, gathered);
            } else {
                int count = graph.neighbors(TopK.decodeId(best), level, links);
                fresh = 0;
                for (int i = 0; i < count; i++) {
                    if (visited.visit(links[i])) {
                        gathered[fresh++] = links[i];
                    }
                }
            }
            if (fresh == 0) {
                continue;
            }
            // Touch the first float of every gathered row before scoring any of them: these loads
            // are independent, so their cache misses overlap, where the kernel meets them four
            // rows at a time (Java has no prefetch instruction; a load whose value is kept is one).
            if (quantized == null) {
                float touched = 0;
                for (int i = 0; i < fresh; i++) {
                    touched += vectors.get(FLOAT, (long) gathered[i] * rowBytes);
                }
                sink += touched;
            } else {
                sink += quantized.touch(gathered, fresh);
            }
            scoreNodes(query, gathered, fresh, scores);
            for (int i = 0; i < fresh; i++) {
                float score = scores[i];
                if (score < bound) {
                    continue;
                }
                int node = gathered[i];
                candidates.push(score, node);
                if ((allRows || filter.accept(node)) && (allScores || window.contains(score))) {
                    results.push(score, node);
                    if (results.size() > ef) {
                        results.popEncoded();
                    }
                    if (results.size() >= ef) {
                        bound = results.topScore();
                    }
                }
            }
        }
    }

    /** Drains {@link #results} into node ids and scores, best first. */
    int drainResults(int[] ids, float[] scoresOut) {
        int n = results.size();
        for (int i = n - 1; i >= 0; i--) {
            long worst = results.popEncoded();
            ids[i] = TopK.decodeId(worst);
            scoresOut[i] = TopK.decodeScore(worst);
        }
        return n;
    }
}
