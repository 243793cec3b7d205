package io.akasha.diskann;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

import io.akasha.core.graph.ReachabilityRepair;
import io.akasha.core.index.Workers;
import io.akasha.core.search.Permutations;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;
import io.akasha.core.vector.VectorUtil;

/**
 * Builds a Vamana graph as the DiskANN paper describes: a random R-regular graph, the medoid as
 * entry point, then two passes over the nodes in a random order (alpha 1, then the given alpha),
 * each node getting the robust prune of the nodes its own search expanded plus its links, and
 * giving its new neighbours a back link. Nodes are inserted by several threads at once; a list
 * changes under its striped lock. A back link is appended while the list has room for
 * {@link #SLACK} times R links and pruned back to R only when it has none (as DiskANN does): a
 * prune per back link would cost R^2 distances each time, and was most of the build. After the
 * passes every list longer than R is pruned to R, and a {@link ReachabilityRepair} links any node
 * no search from the medoid could reach.
 *
 * <p>Pruning is geometric (squared Euclidean distances between the vectors, in scoring form:
 * unit length for COSINE); searches rank by the field's metric.
 */
final class VamanaBuilder {

    /** How much longer than R a list may grow while the graph is built. */
    static final double SLACK = 1.3;
    private static final System.Logger LOG = System.getLogger(VamanaBuilder.class.getName());

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
        this.graph = new VamanaGraph(vectors.count(), parameters.maxDegree(), capacity(parameters.maxDegree()));
    }

    /** The links a list may hold while a graph of max degree {@code maxDegree} is built. */
    static int capacity(int maxDegree) {
        return (int) Math.ceil(maxDegree * SLACK);
    }

    /** Builds the graph with {@code threads} threads; the caller owns (and closes) it. */
    VamanaGraph build(int threads) {
        try {
            int n = vectors.count();
            if (n == 0) {
                return graph;
            }
            long start = System.nanoTime();
            graph.setMedoid(medoid(vectors));
            randomLinks();
            int[] order = Permutations.seeded(n, parameters.seed());
            pass(order, 1f, threads);
            pass(order, parameters.alpha(), threads);
            long passes = System.nanoTime();
            forEachNode(threads, Worker::trim);
            repairedLinks = repairReachability(graph, vectors, similarity, parameters.buildList());
            LOG.log(System.Logger.Level.DEBUG, () -> String.format("Vamana graph of %,d nodes: passes %.1f s, "
                    + "trim and repair %.1f s (%d links added)", n, (passes - start) / 1e9,
                    (System.nanoTime() - passes) / 1e9, repairedLinks));
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

    /**
     * Links every node no search from the medoid reaches ({@link ReachabilityRepair}), from the
     * reached nodes a search for its vector with list size {@code buildList} expands; returns how
     * many links it added.
     */
    static int repairReachability(VamanaGraph graph, FloatVectors vectors, Similarity similarity, int buildList) {
        VamanaSearcher searcher = new VamanaSearcher(graph, vectors.segment(), similarity);
        return new ReachabilityRepair(graph, graph.medoid(), (node, reached) -> {
            searcher.search(similarity.prepareQuery(vectors.get(node)), buildList);
            return Arrays.stream(searcher.expandedNearestFirst()).filter(reached).toArray();
        }).run();
    }

    /** The node nearest the mean of all vectors. */
    static int medoid(FloatVectors vectors) {
        MemorySegment data = vectors.segment();
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
        forEachNode(threads, (worker, i) -> worker.insert(order[i], alpha));
    }

    /**
     * Calls {@code step} for 0..n-1, by {@code threads} workers taking the next index in turn;
     * with one thread, on the caller's thread in order, so a one-thread build is reproducible.
     */
    private void forEachNode(int threads, java.util.function.ObjIntConsumer<Worker> step) {
        Workers.forEach(threads, "vamana-build", "Vamana build", vectors.count(), 1, () -> {
            Worker worker = new Worker();
            return i -> step.accept(worker, i);
        });
    }

    /** One thread's reusable state: a searcher and a prune. */
    private final class Worker {
        private final VamanaSearcher searcher = new VamanaSearcher(graph, data, similarity);
        private final RobustPrune pruner = new RobustPrune(data, vectors::offset, vectors.dim(), parameters.maxDegree());
        private final float[] node = new float[vectors.dim()];
        private final int[] links = new int[graph.capacity];
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

        /** Prunes the links of {@code p} to R when it has more (after the passes, with the second pass's alpha). */
        void trim(int p) {
            synchronized (graph.lock(p)) {
                int count = graph.neighbors(p, links);
                if (count > parameters.maxDegree()) {
                    vectors.get(p, node);
                    int degree = pruner.prune(p, node, links, count, links, 0, parameters.alpha());
                    graph.setNeighbors(p, pruner.chosen, degree);
                }
            }
        }

        /** Adds {@code p} to the links of {@code j}, pruning them to R when they have no room left. */
        private void linkBack(int j, int p, float alpha) {
            synchronized (graph.lock(j)) {
                int count = graph.neighbors(j, links);
                if (RobustPrune.contains(links, count, p)) {
                    return;
                }
                if (count < graph.capacity) {
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
