package io.akasha.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.akasha.core.dataset.Dataset;
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

    @Option(names = "--build-memory-mb", description = "memory budget for the graph build, in MB: a graph that does "
            + "not fit is built over overlapping k-means shards (default: no limit)")
    Long buildMemoryMb;

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
            for (DiskIndex.Access access : accesses) {
                try (DiskIndex index = DiskIndex.open(file, new DiskIndex.OpenOptions(access, (long) (cacheMb * 1e6)))) {
                    int n = Math.min(queries, data.queries().count());
                    new DiskAnnSweep(lists, k, beamWidth, repetitions).print(index, data.queries(), n,
                            data.groundTruth(), data.base().byteSize());
                }
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        return 0;
    }
}
