package io.akasha.bench;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.akasha.core.dataset.DataDirectory;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.index.IndexProvider;
import io.akasha.core.index.VectorIndex;
import io.akasha.core.search.Recall;
import io.akasha.core.vector.Kernel;
import io.akasha.core.vector.Similarity;
import io.akasha.core.vector.VectorUtil;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./akasha demo}: loads a data set, builds the best index available, runs the queries one
 * at a time on one thread, and prints recall against the shipped ground truth, QPS and latency.
 * Without the data set it runs on a seeded synthetic one and says how to point it at real data.
 */
@Command(name = "akasha demo", mixinStandardHelpOptions = true,
        description = "Load a data set, build the best index available, run its queries, print recall and QPS.")
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    DatasetOptions source;

    @Option(names = "--index", description = "index to build (default: the best available)")
    String index;

    @Option(names = "-k", defaultValue = "10", description = "neighbours per query (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--queries", defaultValue = "1000", description = "queries to run at most (default: ${DEFAULT-VALUE})")
    int maxQueries;

    @Option(names = "--threads", description = "threads for the index build (default: all cores)")
    Integer threads;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int buildThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try (Dataset data = load(buildThreads)) {
            IndexProvider provider = IndexProvider.select(index);
            System.out.printf("data: %s, %,d vectors x %d, %,d queries, %s%n", data.name(), data.base().count(),
                    data.dim(), data.queries().count(), data.similarity());
            System.out.println("kernels: " + VectorUtil.implementationOf(Kernel.DOT_PRODUCT_BULK).name());

            long buildStart = System.nanoTime();
            try (VectorIndex built = provider.build(data.base(), data.similarity(), Map.of(), buildThreads)) {
                double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
                System.out.printf("index: %s, built in %.2f s with %d threads%n", provider.name(), buildSeconds,
                        buildThreads);
                report(data, built);
            }
        }
        return 0;
    }

    private Dataset load(int buildThreads) throws java.io.IOException {
        if (source.exists()) {
            return source.load(maxQueries);
        }
        System.out.println("data set '" + source.dataset + "' not found in " + source.directory() + "; "
                + DataDirectory.howToConfigure());
        System.out.println("running on a synthetic clustered data set instead (seeded, exact ground truth)");
        return ClusteredDatasets.generate("synthetic-clustered", 20_000, 128, Math.min(maxQueries, 500), 64, 100,
                Similarity.L2, 42, buildThreads);
    }

    private void report(Dataset data, VectorIndex built) {
        int n = data.queries().count();
        float[][] queries = new float[n][];
        for (int i = 0; i < n; i++) {
            queries[i] = data.queries().get(i);
        }
        // Warm-up: let the JIT compile the search path before anything is timed.
        long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (int i = 0; System.nanoTime() < warmUpEnd; i = (i + 1) % n) {
            built.search(queries[i], k);
        }
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        int[][] ids = new int[n][];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            ids[i] = built.search(queries[i], k).ids();
            latency.recordValue(System.nanoTime() - t);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("search: %,d queries, 1 thread, one query at a time: %.1f QPS%n", n, n / seconds);
        System.out.printf("latency: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", latency.getValueAtPercentile(50) / 1e6,
                latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6);
        if (data.groundTruth() != null) {
            System.out.printf("recall@%d: %.4f%n", k, Recall.atK(ids, data.groundTruth(), k));
        } else {
            System.out.println("recall: the data set has no ground truth");
        }
    }
}
