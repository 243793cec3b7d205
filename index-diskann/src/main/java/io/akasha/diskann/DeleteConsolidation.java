package io.akasha.diskann;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import io.akasha.core.index.Workers;
import io.akasha.core.vector.ProductQuantizer;
import io.akasha.core.vector.Similarity;

/**
 * FreshDiskANN's delete consolidation: a new index file in which no live node links to a deleted
 * one. A live node that linked to deleted nodes gets, in their place, their live links as
 * candidates, and the robust prune picks its new list from those and its remaining live links;
 * a node with no deleted link keeps its list. Deleted nodes keep their ids and records but no
 * links, except the medoid, which stays the entry point (with a consolidated list) even when
 * deleted. Vectors, the quantizer and the codes are copied unchanged, so searches of the new file
 * must still leave the deleted ids out of results (the filter a segment already applies).
 */
final class DeleteConsolidation {

    private final MemorySegment data;
    private final RecordLayout layout;
    private final int nodes;
    private final int medoid;
    private final IntPredicate deleted;
    private final float alpha;
    private final VamanaGraph consolidated;
    private final AtomicInteger changed = new AtomicInteger();

    private DeleteConsolidation(MemorySegment data, RecordLayout layout, int nodes, int medoid, IntPredicate deleted,
                                float alpha) {
        this.data = data;
        this.layout = layout;
        this.nodes = nodes;
        this.medoid = medoid;
        this.deleted = deleted;
        this.alpha = alpha;
        this.consolidated = new VamanaGraph(nodes, layout.maxDegree(), layout.maxDegree());
    }

    /**
     * Writes the consolidated index of {@code data} (an index file's mapped bytes) to {@code path}
     * with {@code threads} threads; returns how many lists changed.
     */
    static int run(MemorySegment data, RecordLayout layout, int nodes, int medoid, Similarity similarity,
                   ProductQuantizer quantizer, MemorySegment codes, IntPredicate deleted, float alpha, int threads,
                   Path path) throws IOException {
        DeleteConsolidation consolidation = new DeleteConsolidation(data, layout, nodes, medoid, deleted, alpha);
        try (VamanaGraph graph = consolidation.consolidated) {
            consolidation.relinkAll(threads);
            DiskIndexWriter.write(path, nodes, layout, medoid, similarity, new DiskIndexWriter.Records() {
                @Override
                public void vector(int node, float[] vector) {
                    MemorySegment.copy(data, DiskIndexFormat.FLOAT, layout.offset(node), vector, 0, vector.length);
                }

                @Override
                public int links(int node, int[] links) {
                    return graph.neighbors(node, links);
                }
            }, quantizer, codes, threads);
            return consolidation.changed.get();
        }
    }

    private void relinkAll(int threads) {
        Workers.forEach(threads, "diskann-consolidate", "delete consolidation", nodes, 1,
                () -> new Relinker()::relink);
    }

    /** One thread's buffers. */
    private final class Relinker {
        private final RobustPrune pruner = new RobustPrune(data, layout::offset, layout.dim(), layout.maxDegree());
        private final float[] vector = new float[layout.dim()];
        private final int[] live = new int[layout.maxDegree()];
        private int[] replacements = new int[4 * layout.maxDegree()];

        void relink(int node) {
            if (deleted.test(node) && node != medoid) {
                consolidated.setNeighbors(node, live, 0);
                return;
            }
            long at = layout.offset(node);
            int degree = layout.degree(data, at);
            int liveCount = 0;
            int replacementCount = 0;
            for (int i = 0; i < degree; i++) {
                int neighbor = layout.neighbor(data, at, i);
                if (neighbor < 0 || neighbor >= nodes) {
                    continue;
                }
                if (!deleted.test(neighbor)) {
                    live[liveCount++] = neighbor;
                    continue;
                }
                long gone = layout.offset(neighbor);
                int goneDegree = layout.degree(data, gone);
                for (int j = 0; j < goneDegree; j++) {
                    int candidate = layout.neighbor(data, gone, j);
                    if (candidate >= 0 && candidate < nodes && candidate != node && !deleted.test(candidate)) {
                        if (replacementCount == replacements.length) {
                            replacements = java.util.Arrays.copyOf(replacements, 2 * replacementCount);
                        }
                        replacements[replacementCount++] = candidate;
                    }
                }
            }
            if (liveCount == degree) {
                consolidated.setNeighbors(node, live, liveCount);
                return;
            }
            changed.incrementAndGet();
            MemorySegment.copy(data, DiskIndexFormat.FLOAT, at, vector, 0, vector.length);
            int kept = pruner.prune(node, vector, live, liveCount, replacements, replacementCount, alpha);
            consolidated.setNeighbors(node, pruner.chosen, kept);
        }
    }
}
