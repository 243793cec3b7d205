package io.akasha.hnsw;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

import io.akasha.core.graph.NodeQueue;
import io.akasha.core.graph.ReachabilityRepair;
import io.akasha.core.index.Workers;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.search.TopK;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * Inserts nodes into an {@link HnswGraph}: the standard algorithm (Malkov and Yashunin) with the
 * neighbour-selection heuristic, from any number of threads at once.
 *
 * <p>A node's level comes from a hash of the seed and the node id, so the levels, unlike the
 * order in which threads insert, do not depend on scheduling. Link lists change under the
 * node's striped lock: a new node's own lists are written before any other node links to it,
 * and a full neighbour list is re-pruned with the heuristic, as hnswlib does. Re-pruning can
 * strand a node (every link to it pruned away); a built graph is {@linkplain #repairReachability
 * repaired} so that none is.
 */
final class HnswBuilder {

    private final HnswGraph graph;
    private final FloatVectors vectors;
    private final Similarity similarity;
    private final int efConstruction;
    private final long seed;
    private final double levelMultiplier;

    HnswBuilder(HnswGraph graph, FloatVectors vectors, Similarity similarity, int efConstruction, long seed) {
        this.graph = graph;
        this.vectors = vectors;
        this.similarity = similarity;
        this.efConstruction = efConstruction;
        this.seed = seed;
        this.levelMultiplier = 1 / Math.log(graph.m);
    }

    /** Inserts nodes {@code 0..count-1} using {@code threads} threads. */
    void insertAll(int count, int threads) {
        if (count == 0) {
            return;
        }
        new Worker().insert(0);
        AtomicInteger next = new AtomicInteger(1);
        Workers.run(threads, "akasha-hnsw-build", "building the HNSW graph", () -> {
            Worker worker = new Worker();
            for (int node; (node = next.getAndIncrement()) < count; ) {
                worker.insert(node);
            }
        });
    }

    /**
     * Links every node that level 0 leaves unreachable from the entry ({@link ReachabilityRepair}):
     * a node whose in-links later inserts all pruned away can be returned by no search. Each is
     * linked from the reached nodes nearest it, found by a search for its vector as wide as an
     * insert's. Call after {@link #insertAll} of {@code count} nodes, before any search; returns
     * how many links it added.
     */
    int repairReachability(int count) {
        int entry = graph.entryNode();
        if (entry < 0) {
            return 0;
        }
        HnswSearcher searcher = new HnswSearcher(graph, vectors.segment(), vectors.dim(), similarity, null);
        float[] query = new float[vectors.dim()];
        return new ReachabilityRepair(graph.level0Links(count), entry, (node, reached) -> {
            vectors.get(node, query);
            int start = searcher.descend(query, entry, searcher.score(query, entry), graph.level(entry), 0);
            searcher.searchLevel(query, start, searcher.descentScore, efConstruction, 0, reached::test,
                    ScoreWindow.ALL, false);
            int[] nearest = new int[searcher.results.size()];
            searcher.drainResults(nearest, new float[nearest.length]);
            return nearest;
        }).run();
    }

    /** The level of {@code node}: -ln(u) / ln(M) with u uniform from a hash of seed and node. */
    int levelOf(int node) {
        long h = seed ^ (node * 0x9E3779B97F4A7C15L);
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        double u = ((h >>> 11) + 1) * 0x1.0p-53;
        return Math.min(HnswIndex.MAX_LEVEL, (int) (-Math.log(u) * levelMultiplier));
    }

    /** One inserting thread's scratch space. */
    final class Worker {
        private final HnswSearcher searcher;
        private final MemorySegment data = vectors.segment();
        private final float[] query;
        private final float[] other;
        private final int[] ids = new int[Math.max(graph.m0, graph.m) + 1];
        private final float[] idScores = new float[ids.length];
        private final int[] selected = new int[ids.length];
        private final float[] pairScores = new float[ids.length];
        private final long[] sorted = new long[Math.max(efConstruction, graph.m0 + 1) + 1];
        private final long[] pruning = new long[graph.m0 + 1];

        Worker() {
            this.searcher = new HnswSearcher(graph, data, vectors.dim(), similarity, null);
            this.query = new float[vectors.dim()];
            this.other = new float[vectors.dim()];
        }

        void insert(int node) {
            int level = levelOf(node);
            graph.initNode(node, level);
            int entry = graph.entryNode();
            if (entry < 0) {
                graph.offerEntry(node);
                if (graph.entryNode() == node) {
                    return;
                }
                entry = graph.entryNode();
            }
            vectors.get(node, query);
            // The level of the entry read above: another thread may raise the top meanwhile.
            int top = graph.level(entry);
            int current = searcher.descend(query, entry, searcher.score(query, entry), top, level);
            float currentScore = searcher.descentScore;
            for (int l = Math.min(level, top); l >= 0; l--) {
                searcher.searchLevel(query, current, currentScore, efConstruction, l, RowFilter.ALL, ScoreWindow.ALL,
                        false);
                int found = drainSorted(searcher.results);
                int[] chosen = java.util.Arrays.copyOf(selected, selectNeighbors(sorted, found, graph.m));
                setOwnLinks(node, l, chosen);
                for (int neighbor : chosen) {
                    link(neighbor, node, l);
                }
                current = TopK.decodeId(sorted[0]);
                currentScore = TopK.decodeScore(sorted[0]);
            }
            if (level > top) {
                graph.offerEntry(node);
            }
        }

        /** Empties a worst-first queue into {@link #sorted}, best first; returns the count. */
        private int drainSorted(NodeQueue results) {
            int n = results.size();
            for (int i = n - 1; i >= 0; i--) {
                sorted[i] = results.popEncoded();
            }
            return n;
        }

        /**
         * The heuristic: keeps a candidate (given best first, with its score to the base node)
         * only if it is closer to the base than to every candidate kept so far, up to
         * {@code max}; writes them to {@link #selected}.
         */
        private int selectNeighbors(long[] candidates, int count, int max) {
            int kept = 0;
            for (int c = 0; c < count && kept < max; c++) {
                int candidate = TopK.decodeId(candidates[c]);
                float toBase = TopK.decodeScore(candidates[c]);
                boolean good = true;
                if (kept > 0) {
                    vectors.get(candidate, other);
                    similarity.scoreRows(other, data, 0, selected, kept, pairScores);
                    for (int s = 0; s < kept; s++) {
                        if (pairScores[s] > toBase) {
                            good = false;
                            break;
                        }
                    }
                }
                if (good) {
                    selected[kept++] = candidate;
                }
            }
            return kept;
        }

        /**
         * Gives {@code node} its links on {@code level}. Its list there is usually still empty, but
         * a node inserted meanwhile can reach this one on a level above (where it is linked
         * already), start its search on this level from it, and link to it: such links are kept
         * alongside the chosen ones (re-pruned if too many), not overwritten, or the node linked
         * from here alone would lose its only way in.
         */
        private void setOwnLinks(int node, int level, int[] chosen) {
            synchronized (graph.lock(node)) {
                if (graph.neighbors(node, level, ids) == 0) {
                    graph.setNeighbors(node, level, chosen, chosen.length);
                    return;
                }
                for (int neighbor : chosen) {
                    link(node, neighbor, level);
                }
            }
        }

        /** Adds {@code node} to the links of {@code neighbor} unless there, re-pruning them if full. */
        private void link(int neighbor, int node, int level) {
            synchronized (graph.lock(neighbor)) {
                if (graph.linksTo(neighbor, level, node) || graph.addNeighbor(neighbor, level, node)) {
                    return;
                }
                int count = graph.neighbors(neighbor, level, ids);
                ids[count++] = node;
                vectors.get(neighbor, other);
                similarity.scoreRows(other, data, 0, ids, count, idScores);
                for (int i = 0; i < count; i++) {
                    // Complemented, so that an ascending sort puts the best first.
                    pruning[i] = ~TopK.encode(idScores[i], ids[i]);
                }
                java.util.Arrays.sort(pruning, 0, count);
                for (int i = 0; i < count; i++) {
                    pruning[i] = ~pruning[i];
                }
                int kept = selectNeighbors(pruning, count, graph.maxLinks(level));
                graph.setNeighbors(neighbor, level, selected, kept);
            }
        }
    }
}
