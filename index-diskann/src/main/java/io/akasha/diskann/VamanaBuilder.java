package io.akasha.diskann;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.akasha.core.index.Workers;
import io.akasha.core.search.Permutations;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;
import io.akasha.core.vector.VectorUtil;

/**
 * Builds a Vamana graph as the DiskANN paper describes: a random R-regular graph, the medoid as
 * entry point, then two passes over the nodes in a random order (alpha 1, then the given alpha),
 * each node getting the robust prune of the nodes its own search expanded plus its links, and
 * giving its new neighbours a back link (pruned in turn when a list overflows). Nodes are
 * inserted by several threads at once; a list changes under its striped lock. Last, a
 * {@link ReachabilityRepair} links any node no search from the medoid could reach.
 *
 * <p>Pruning is geometric (squared Euclidean distances between the vectors, in scoring form:
 * unit length for COSINE); searches rank by the field's metric.
 */
final class VamanaBuilder {

    private final FloatVectors vectors;
    private final MemorySegment data;
    private final Similarity similarity;
    private final VamanaParameters parameters;
    private final VamanaGraph graph;
    private int repairedLinks;

    VamanaBuilder(FloatVectors vectors, Similarity similarity, VamanaParameters parameters) {
        this.vectors = vectors;
        this.data = vectors.segment();
        this.similarity = similarity;
        this.parameters = parameters;
        this.graph = new VamanaGraph(vectors.count(), parameters.maxDegree());
    }

    /** Builds the graph with {@code threads} threads; the caller owns (and closes) it. */
    VamanaGraph build(int threads) {
        try {
            int n = vectors.count();
            if (n == 0) {
                return graph;
            }
            graph.setMedoid(medoid());
            randomLinks();
            int[] order = Permutations.seeded(n, parameters.seed());
            pass(order, 1f, threads);
            pass(order, parameters.alpha(), threads);
            repairedLinks = new ReachabilityRepair(graph, vectors, similarity, parameters.buildList()).run();
            return graph;
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /** Links the last build added so that every node is reachable from the medoid. */
    int repairedLinks() {
        return repairedLinks;
    }

    /** The node nearest the mean of all vectors. */
    private int medoid() {
        int dim = vectors.dim();
        double[] sum = new double[dim];
        float[] row = new float[dim];
        for (int i = 0; i < vectors.count(); i++) {
            vectors.get(i, row);
            for (int d = 0; d < dim; d++) {
                sum[d] += row[d];
            }
        }
        float[] mean = new float[dim];
        for (int d = 0; d < dim; d++) {
            mean[d] = (float) (sum[d] / vectors.count());
        }
        int best = 0;
        float bestDistance = Float.POSITIVE_INFINITY;
        for (int i = 0; i < vectors.count(); i++) {
            float distance = VectorUtil.squareDistance(mean, data, vectors.offset(i));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
        return best;
    }

    /** Every node starts with min(R, n - 1) distinct random links (not to itself), seeded per node. */
    private void randomLinks() {
        int n = vectors.count();
        int degree = Math.min(parameters.maxDegree(), n - 1);
        int[] picked = new int[degree];
        for (int node = 0; node < n; node++) {
            SplittableRandom random = new SplittableRandom(parameters.seed() * 31 + node);
            int count = 0;
            while (count < degree) {
                int candidate = random.nextInt(n);
                if (candidate != node && !RobustPrune.contains(picked, count, candidate)) {
                    picked[count++] = candidate;
                }
            }
            graph.setNeighbors(node, picked, count);
        }
    }

    /** One pass: every node in {@code order}, by {@code threads} workers taking the next node in turn. */
    private void pass(int[] order, float alpha, int threads) {
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            Worker worker = new Worker();
            for (int i = next.getAndIncrement(); i < order.length; i = next.getAndIncrement()) {
                worker.insert(order[i], alpha);
            }
        };
        if (threads <= 1) {
            work.run(); // on the caller's thread: a one-thread build is reproducible
        } else {
            Workers.run(threads, "vamana-build", "Vamana build", work);
        }
    }

    /** One thread's reusable state: a searcher and a prune. */
    private final class Worker {
        private final VamanaSearcher searcher = new VamanaSearcher(graph, data, similarity);
        private final RobustPrune pruner = new RobustPrune(data, vectors::offset, vectors.dim(), parameters.maxDegree());
        private final float[] node = new float[vectors.dim()];
        private final int[] links = new int[parameters.maxDegree()];
        private final int[] single = new int[1];

        void insert(int p, float alpha) {
            vectors.get(p, node);
            searcher.search(similarity.prepareQuery(node), parameters.buildList());
            int count;
            synchronized (graph.lock(p)) {
                count = graph.neighbors(p, links);
            }
            int degree = pruner.prune(p, node, searcher.expanded, searcher.expandedCount, links, count, alpha);
            synchronized (graph.lock(p)) {
                graph.setNeighbors(p, pruner.chosen, degree);
            }
            int[] added = Arrays.copyOf(pruner.chosen, degree);
            for (int j : added) {
                linkBack(j, p, alpha);
            }
        }

        /** Adds {@code p} to the links of {@code j}, pruning them when they overflow. */
        private void linkBack(int j, int p, float alpha) {
            synchronized (graph.lock(j)) {
                int count = graph.neighbors(j, links);
                if (RobustPrune.contains(links, count, p)) {
                    return;
                }
                if (count < parameters.maxDegree()) {
                    links[count] = p;
                    graph.setNeighbors(j, links, count + 1);
                    return;
                }
                vectors.get(j, node);
                single[0] = p;
                int degree = pruner.prune(j, node, single, 1, links, count, alpha);
                graph.setNeighbors(j, pruner.chosen, degree);
            }
        }
    }
}
