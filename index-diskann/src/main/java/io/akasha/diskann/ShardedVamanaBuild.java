package io.akasha.diskann;

import java.io.IOException;
import java.util.Arrays;

import io.akasha.core.graph.ReachabilityRepair;
import io.akasha.core.index.Workers;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.KMeans;
import io.akasha.core.vector.Similarity;

/**
 * Builds a Vamana graph within a {@link MemoryBudget}, as the DiskANN paper builds indexes larger
 * than memory: k-means splits the data into shards, each vector going to its {@link #OVERLAP}
 * nearest centres so that neighbouring shards share nodes; each shard's vectors are copied into
 * memory and its graph built by {@link VamanaBuilder}, one shard at a time; the shard graphs'
 * links (in global ids) accumulate in one graph in a scratch file; a node whose shards gave it
 * more than R links keeps their robust prune. The medoid of all vectors is the entry point, and a
 * {@link ReachabilityRepair} links whatever the merged graph left unreachable from it.
 *
 * <p>Memory: one shard's vectors and graph, plus a few bytes per node for the assignment and the
 * repair. The vectors are read a shard at a time, in id order; a mapped file is read, not held.
 */
final class ShardedVamanaBuild {

    /** Shards each vector goes to (the paper's choice). */
    static final int OVERLAP = 2;
    /** Shards are sized for this much more than their even share: k-means clusters are uneven. */
    private static final double IMBALANCE = 1.25;
    private static final int SAMPLE_ROWS = 50_000;
    private static final int ITERATIONS = 10;
    private static final System.Logger LOG = System.getLogger(ShardedVamanaBuild.class.getName());

    private final FloatVectors vectors;
    private final Similarity similarity;
    private final VamanaParameters parameters;
    private final int threads;
    private final MemoryBudget budget;

    private ShardedVamanaBuild(FloatVectors vectors, Similarity similarity, VamanaParameters parameters, int threads,
                               MemoryBudget budget) {
        this.vectors = vectors;
        this.similarity = similarity;
        this.parameters = parameters;
        this.threads = Math.max(1, threads);
        this.budget = budget;
    }

    /**
     * Builds the graph of {@code vectors} (in scoring form) with {@code threads} threads: in memory
     * when it fits the budget, else over shards into a scratch file. The caller owns (and closes)
     * the graph.
     */
    static VamanaGraph build(FloatVectors vectors, Similarity similarity, VamanaParameters parameters, int threads,
                             MemoryBudget budget) throws IOException {
        int shards = shards(vectors.count(), vectors.dim(), parameters.maxDegree(), threads, budget.bytes());
        if (shards <= 1) {
            return new VamanaBuilder(vectors, similarity, parameters).build(threads);
        }
        return new ShardedVamanaBuild(vectors, similarity, parameters, threads, budget).run(shards);
    }

    /** Memory a node costs a build in memory: its links with slack, the visited tags, the repair. */
    static long bytesPerNode(int maxDegree, int threads) {
        return VamanaGraph.bytesPerNode(VamanaBuilder.capacity(maxDegree)) + (long) Short.BYTES * Math.max(1, threads)
                + ReachabilityRepair.BYTES_PER_NODE;
    }

    /** Shards a build of {@code nodes} needs to stay within {@code budgetBytes}: 1 when it fits whole. */
    static int shards(int nodes, int dim, int maxDegree, int threads, long budgetBytes) {
        if ((double) nodes * bytesPerNode(maxDegree, threads) <= budgetBytes) {
            return 1;
        }
        double perShardNode = bytesPerNode(maxDegree, threads) + (double) Float.BYTES * dim;
        double shards = Math.ceil(OVERLAP * (double) nodes * perShardNode * IMBALANCE / budgetBytes);
        if (shards > Short.MAX_VALUE || shards > nodes / (2.0 * maxDegree)) {
            throw new IllegalArgumentException(String.format("a memory budget of %,d bytes is too small for a DiskANN "
                    + "build of %,d vectors of dimension %d with max degree %d: it would need %,.0f shards", budgetBytes,
                    nodes, dim, maxDegree, shards));
        }
        return Math.max(OVERLAP + 1, (int) shards);
    }

    private VamanaGraph run(int shards) throws IOException {
        int n = vectors.count();
        long start = System.nanoTime();
        int[][] members = partition(shards);
        LOG.log(System.Logger.Level.INFO, () -> String.format("DiskANN build of %,d vectors in %d overlapping shards "
                + "(memory budget %,d MB): partitioned in %.1f s", n, shards, budget.bytes() >> 20,
                (System.nanoTime() - start) / 1e9));
        VamanaGraph merged = VamanaGraph.inFile(budget.scratch(), n, parameters.maxDegree(),
                OVERLAP * parameters.maxDegree());
        try {
            for (int s = 0; s < shards; s++) {
                long shardStart = System.nanoTime();
                buildShard(members[s], merged);
                int shard = s;
                LOG.log(System.Logger.Level.INFO, () -> String.format("DiskANN shard %d of %d: %,d nodes in %.1f s",
                        shard + 1, shards, members[shard].length, (System.nanoTime() - shardStart) / 1e9));
                members[s] = null;
            }
            long mergeStart = System.nanoTime();
            pruneMerged(merged);
            merged.setMedoid(VamanaBuilder.medoid(vectors));
            int repaired = VamanaBuilder.repairReachability(merged, vectors, similarity, parameters.buildList());
            LOG.log(System.Logger.Level.INFO, () -> String.format("DiskANN shards merged in %.1f s (%d links added "
                    + "for reachability); build %.1f s", (System.nanoTime() - mergeStart) / 1e9, repaired,
                    (System.nanoTime() - start) / 1e9));
            return merged;
        } catch (RuntimeException | Error e) {
            merged.close();
            throw e;
        }
    }

    /**
     * The members of each shard, in id order: each vector goes to the OVERLAP nearest centres
     * whose shards are not full yet (a shard holds at most IMBALANCE times its even share, so
     * that an uneven k-means cannot push a shard past the budget). The vectors that prefer their
     * nearest centre most clearly (largest gap to the second) are placed first, so that those a
     * full shard turns away lie between shards anyway. Sequential, so the same data always gives
     * the same shards.
     */
    private int[][] partition(int shards) {
        int n = vectors.count();
        int dim = vectors.dim();
        int rows = Math.min(n, SAMPLE_ROWS);
        float[] sample = new float[rows * dim];
        float[] row = new float[dim];
        for (int s = 0; s < rows; s++) {
            vectors.get((int) ((long) s * n / rows), row);
            System.arraycopy(row, 0, sample, s * dim, dim);
        }
        KMeans.Centroids centres = new KMeans.Centroids(
                KMeans.train(sample, rows, dim, shards, ITERATIONS, parameters.seed()), shards, dim);
        int limit = (int) Math.ceil(IMBALANCE * OVERLAP * (double) n / shards);
        int[] sizes = new int[shards];
        short[] assigned = new short[n * OVERLAP];
        float[] distances = new float[shards];
        for (long keyed : clearestFirst(centres, shards)) {
            int i = (int) keyed;
            vectors.get(i, row);
            centres.distances(row, 0, distances);
            for (int o = 0; o < OVERLAP; o++) {
                int best = -1;
                for (int c = 0; c < shards; c++) {
                    if (sizes[c] < limit && distances[c] >= 0 && (best < 0 || distances[c] < distances[best])) {
                        best = c;
                    }
                }
                assigned[i * OVERLAP + o] = (short) best;
                sizes[best]++;
                distances[best] = -1; // taken: not again for this vector
            }
        }
        int[][] members = new int[shards][];
        for (int s = 0; s < shards; s++) {
            members[s] = new int[sizes[s]];
        }
        int[] filled = new int[shards];
        for (int i = 0; i < n * OVERLAP; i++) {
            int shard = assigned[i];
            members[shard][filled[shard]++] = i / OVERLAP;
        }
        return members;
    }

    /**
     * Every vector id, keyed by the gap between its nearest and second nearest centre, largest
     * gap first (the id in the low 32 bits).
     */
    private long[] clearestFirst(KMeans.Centroids centres, int shards) {
        int n = vectors.count();
        long[] keyed = new long[n];
        Workers.forEach(threads, "diskann-partition", "DiskANN partition", n, 4096, () -> {
            float[] vector = new float[vectors.dim()];
            float[] distances = new float[shards];
            return i -> {
                vectors.get(i, vector);
                centres.distances(vector, 0, distances);
                float first = Float.POSITIVE_INFINITY;
                float second = Float.POSITIVE_INFINITY;
                for (float distance : distances) {
                    if (distance < first) {
                        second = first;
                        first = distance;
                    } else if (distance < second) {
                        second = distance;
                    }
                }
                // A non-negative float's bits order as the float does.
                keyed[i] = (long) Float.floatToRawIntBits(second - first) << 32 | i;
            };
        });
        Arrays.sort(keyed);
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            long swap = keyed[i];
            keyed[i] = keyed[j];
            keyed[j] = swap;
        }
        return keyed;
    }

    /** Builds the graph of one shard in memory and adds its links, in global ids, to {@code merged}. */
    private void buildShard(int[] ids, VamanaGraph merged) {
        if (ids.length == 0) {
            return;
        }
        int dim = vectors.dim();
        try (FloatVectors local = FloatVectors.allocate(dim, ids.length)) {
            float[] row = new float[dim];
            for (int i = 0; i < ids.length; i++) {
                vectors.get(ids[i], row);
                local.set(i, row);
            }
            try (VamanaGraph shard = new VamanaBuilder(local, similarity, parameters).build(threads)) {
                int[] links = new int[shard.capacity];
                for (int i = 0; i < ids.length; i++) {
                    int count = shard.neighbors(i, links);
                    for (int j = 0; j < count; j++) {
                        links[j] = ids[links[j]];
                    }
                    merged.addNeighbors(ids[i], links, count);
                }
            }
        }
    }

    /** Cuts every merged list back to R by robust prune (with the second pass's alpha), duplicates dropped. */
    private void pruneMerged(VamanaGraph merged) {
        Workers.forEach(threads, "diskann-merge", "DiskANN shard merge", merged.nodes, 1024, () -> {
            RobustPrune pruner = new RobustPrune(vectors.segment(), vectors::offset, vectors.dim(),
                    parameters.maxDegree());
            int[] links = new int[merged.capacity];
            float[] vector = new float[vectors.dim()];
            return node -> {
                int count = merged.neighbors(node, links);
                vectors.get(node, vector);
                int degree = pruner.prune(node, vector, links, count, links, 0, parameters.alpha());
                merged.setNeighbors(node, pruner.chosen, degree);
            };
        });
    }
}
