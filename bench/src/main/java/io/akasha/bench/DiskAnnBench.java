package io.akasha.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import io.akasha.core.dataset.Dataset;
import io.akasha.core.search.Recall;
import io.akasha.core.vector.FloatVectors;
import io.akasha.diskann.DiskIndex;
import io.akasha.diskann.VamanaParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The DiskANN index: builds the Vamana graph and the PQ codes, writes the sector file, opens it
 * (records read through the mapping, or with {@code O_DIRECT} so the page cache is bypassed, with
 * a node cache of the given size) and sweeps the search list size, reporting recall@k against the
 * data set's ground truth, single-thread QPS, sectors read, cache hits and hops per query, and the
 * memory the index holds (PQ codes, quantizer, node cache) against the raw vectors.
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

    @Option(names = "--threads", defaultValue = "2", description = "build threads")
    int threads;

    @Option(names = "-k", defaultValue = "10", description = "neighbours per query")
    int k;

    @Option(names = "--repetitions", defaultValue = "3", description = "timed passes per point; the median is reported")
    int repetitions;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("akasha-diskann-bench");
        Path file = dir.resolve(source.dataset + ".diskann");
        try (Dataset data = source.load(queries)) {
            int subspaces = pqBytes != null ? pqBytes : Math.max(1, data.dim() / 4);
            FloatVectors scoring = data.similarity().normalizesVectors() ? data.base().normalizedCopy() : data.base();
            long start = System.nanoTime();
            try {
                DiskIndex.build(file, scoring, data.similarity(), new VamanaParameters(maxDegree, buildList, alpha, 42),
                        subspaces, threads);
            } finally {
                if (scoring != data.base()) {
                    scoring.close();
                }
            }
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: %,d x %d (%s); R %d, L %d, alpha %.2f, %d PQ bytes, W %d; build %.1f s (%d threads); "
                            + "file %.1f MB%n", source.dataset, data.base().count(), data.dim(), data.similarity(),
                    maxDegree, buildList, alpha, subspaces, beamWidth, buildSeconds, threads, Files.size(file) / 1e6);
            for (DiskIndex.Access access : accesses) {
                try (DiskIndex index = DiskIndex.open(file, new DiskIndex.OpenOptions(access, (long) (cacheMb * 1e6)))) {
                    sweep(index, data);
                }
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        return 0;
    }

    /** One table: the search list sweep over {@code index} as it was opened. */
    private void sweep(DiskIndex index, Dataset data) {
        long raw = data.base().byteSize();
        System.out.printf("%n%s reads; node cache %,d nodes; in memory (codes, quantizer, cache) %.1f MB = %.1f%% of "
                        + "the raw vectors (%.1f MB)%n%n", index.access(), index.cachedNodes(), index.memoryBytes() / 1e6,
                100.0 * index.memoryBytes() / raw, raw / 1e6);
        System.out.println("| search list | recall@" + k + " | QPS (1 thread) | p50 ms | p99 ms | sectors read / query "
                + "| cache hits / query | hops / query |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        int n = Math.min(queries, data.queries().count());
        for (int list : lists) {
            if (list < k) {
                continue;
            }
            int[][] found = new int[n][];
            long sectors = 0;
            long hits = 0;
            long hops = 0;
            for (int q = 0; q < n; q++) { // warm-up, and the answers recall is computed from
                DiskIndex.Found result = index.search(data.queries().get(q), k, list, beamWidth);
                found[q] = result.result().ids();
                sectors += result.sectorsRead();
                hits += result.cacheHits();
                hops += result.hops();
            }
            double[] qps = new double[repetitions];
            long[] latencies = new long[n * repetitions];
            for (int r = 0; r < repetitions; r++) {
                long t0 = System.nanoTime();
                for (int q = 0; q < n; q++) {
                    long s0 = System.nanoTime();
                    index.search(data.queries().get(q), k, list, beamWidth);
                    latencies[r * n + q] = System.nanoTime() - s0;
                }
                qps[r] = n / ((System.nanoTime() - t0) / 1e9);
            }
            Arrays.sort(qps);
            Arrays.sort(latencies);
            System.out.printf("| %d | %.4f | %,.0f | %.2f | %.2f | %.1f | %.1f | %.1f |%n", list,
                    Recall.atK(found, Arrays.copyOf(data.groundTruth(), n), k), qps[repetitions / 2],
                    latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                    (double) sectors / n, (double) hits / n, (double) hops / n);
        }
    }
}
