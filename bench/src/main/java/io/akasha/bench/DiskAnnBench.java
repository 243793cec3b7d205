package io.akasha.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import io.akasha.core.dataset.Dataset;
import io.akasha.core.index.FlatIndex;
import io.akasha.core.index.SearchOptions;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.vector.FloatVectors;
import io.akasha.diskann.DiskIndex;
import io.akasha.diskann.MemoryBudget;
import io.akasha.diskann.VamanaParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The DiskANN index: builds the Vamana graph and the PQ codes, writes the sector file, opens it
 * (records read through the mapping, or with {@code O_DIRECT} so the page cache is bypassed, with
 * a node cache of the given size) and sweeps the search list size, reporting recall@k against the
 * data set's ground truth, single-thread QPS, sectors read, cache hits and hops per query, and the
 * memory the index holds (PQ codes, quantizer, node cache) against the raw vectors. With
 * {@code --delete-fraction}, a seeded share of the rows is then deleted and consolidated away
 * ({@link DiskIndex#consolidateDeletes}), and the new file is swept the same way against exact
 * ground truth over the survivors.
 */
@Command(name = "diskann", mixinStandardHelpOptions = true,
        description = "DiskANN: build, open (mapped or direct reads, node cache) and sweep the search list: recall, "
                + "QPS, sectors and cache hits per query, memory vs raw vectors.")
final class DiskAnnBench implements Callable<Integer> {

    @Mixin
    DatasetOptions source;

    @Option(names = "--queries", defaultValue = "1000", description = "queries per measurement")
    int queries;

    @Option(names = "--max-degree", defaultValue = "64", description = "R")
    int maxDegree;

    @Option(names = "--build-list", defaultValue = "100", description = "L while building")
    int buildList;

    @Option(names = "--alpha", defaultValue = "1.2", description = "the second pass's prune factor")
    float alpha;

    @Option(names = "--pq-bytes", description = "PQ bytes per vector (default: dimension / 4)")
    Integer pqBytes;

    @Option(names = "--lists", split = ",", defaultValue = "20,40,60,80,100,150,200,300",
            description = "search list sizes to sweep")
    List<Integer> lists;

    @Option(names = "--beam-width", defaultValue = "4", description = "W, records read per hop")
    int beamWidth;

    @Option(names = "--access", split = ",", defaultValue = "DIRECT",
            description = "how records are read: DIRECT (O_DIRECT, page cache bypassed, a hop's reads submitted "
                    + "together), DIRECT_SERIAL (O_DIRECT, one after another) or MAPPED; several, comma-separated, sweep the same build")
    List<DiskIndex.Access> accesses;

    @Option(names = "--cache-mb", defaultValue = "0", description = "node cache around the medoid, in MB")
    double cacheMb;

    @Option(names = "--build-memory-mb", description = "memory budget for the graph build, in MB: a graph that does "
            + "not fit is built over overlapping k-means shards (default: no limit)")
    Long buildMemoryMb;

    @Option(names = "--threads", defaultValue = "2", description = "build threads")
    int threads;

    @Option(names = "-k", defaultValue = "10", description = "neighbours per query")
    int k;

    @Option(names = "--delete-fraction", defaultValue = "0",
            description = "share of the rows to delete (seeded) and consolidate, then sweep the survivors; 0: none")
    double deleteFraction;

    @Option(names = "--repetitions", defaultValue = "3", description = "timed passes per point; the median is reported")
    int repetitions;

    @Override
    public Integer call() throws Exception {
        if (!(deleteFraction >= 0 && deleteFraction < 1)) {
            throw new IllegalArgumentException("--delete-fraction must be in [0, 1), got " + deleteFraction);
        }
        Path dir = Files.createTempDirectory("akasha-diskann-bench");
        Path file = dir.resolve(source.dataset + ".diskann");
        Path consolidated = dir.resolve(source.dataset + ".consolidated.diskann");
        try (Dataset data = source.load(queries)) {
            int subspaces = pqBytes != null ? pqBytes : Math.max(1, data.dim() / 4);
            FloatVectors scoring = data.similarity().normalizesVectors() ? data.base().normalizedCopy() : data.base();
            long start = System.nanoTime();
            try {
                DiskIndex.build(file, scoring, data.similarity(), new VamanaParameters(maxDegree, buildList, alpha, 42),
                        subspaces, threads, buildMemoryMb == null ? MemoryBudget.UNLIMITED
                                : new MemoryBudget(buildMemoryMb << 20, dir));
            } finally {
                if (scoring != data.base()) {
                    scoring.close();
                }
            }
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: %,d x %d (%s); R %d, L %d, alpha %.2f, %d PQ bytes, W %d; build %.1f s (%d threads); "
                            + "file %.1f MB%n", source.dataset, data.base().count(), data.dim(), data.similarity(),
                    maxDegree, buildList, alpha, subspaces, beamWidth, buildSeconds, threads, Files.size(file) / 1e6);
            int n = Math.min(queries, data.queries().count());
            sweep(file, data, n, data.groundTruth(), RowFilter.ALL);
            if (deleteFraction > 0) {
                BitSet deleted = deletedRows(data.base().count());
                long consolidating = System.nanoTime();
                int changed;
                try (DiskIndex index = DiskIndex.open(file)) {
                    changed = index.consolidateDeletes(deleted::get, alpha, threads, consolidated);
                }
                System.out.printf("%nDeleted %,d rows (%.1f%%, seed 42) and consolidated: %.1f s (%d threads), %,d lists "
                                + "changed; the tables below are against exact ground truth over the %,d survivors%n",
                        deleted.cardinality(), 100.0 * deleted.cardinality() / data.base().count(),
                        (System.nanoTime() - consolidating) / 1e9, threads, changed,
                        data.base().count() - deleted.cardinality());
                RowFilter live = row -> !deleted.get(row);
                sweep(consolidated, data, n, survivorsTruth(data, n, live), live);
            }
        } finally {
            Files.deleteIfExists(consolidated);
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        return 0;
    }

    /** One table per way of reading the index in {@code file}, searches restricted to {@code filter}. */
    private void sweep(Path file, Dataset data, int n, int[][] truth, RowFilter filter) throws IOException {
        for (DiskIndex.Access access : accesses) {
            try (DiskIndex index = DiskIndex.open(file, new DiskIndex.OpenOptions(access, (long) (cacheMb * 1e6)))) {
                new DiskAnnSweep(lists, k, beamWidth, repetitions).print(index, data.queries(), n, truth, filter,
                        data.base().byteSize());
            }
        }
    }

    /** {@code round(rows * deleteFraction)} distinct rows, drawn with a fixed seed. */
    private BitSet deletedRows(int rows) {
        BitSet deleted = new BitSet(rows);
        SplittableRandom random = new SplittableRandom(42);
        for (long left = Math.round(rows * deleteFraction); left > 0; ) {
            int row = random.nextInt(rows);
            if (!deleted.get(row)) {
                deleted.set(row);
                left--;
            }
        }
        return deleted;
    }

    /** The exact k nearest survivors of each of the first {@code n} queries. */
    private int[][] survivorsTruth(Dataset data, int n, RowFilter live) {
        SearchOptions survivors = new SearchOptions(live, ScoreWindow.ALL, Map.of());
        int[][] truth = new int[n][];
        try (FlatIndex exact = new FlatIndex(data.base(), data.similarity())) {
            for (int q = 0; q < n; q++) {
                truth[q] = exact.search(data.queries().get(q), k, survivors).ids();
            }
        }
        return truth;
    }
}
