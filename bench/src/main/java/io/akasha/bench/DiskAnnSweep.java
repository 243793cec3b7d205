package io.akasha.bench;

import java.util.Arrays;
import java.util.List;

import io.akasha.core.search.Recall;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.vector.FloatVectors;
import io.akasha.diskann.DiskIndex;

/**
 * One table of a DiskANN benchmark: the search list sweep over an index as it was opened. Per
 * list size, one pass over the queries (warm-up, and the answers recall is computed from), then
 * {@code repetitions} timed passes: recall@k, the median single-thread QPS, p50/p99 latency, and
 * sectors read, cache hits and hops per query.
 *
 * @param lists       search list sizes (those below k are skipped)
 * @param repetitions timed passes per list size
 */
record DiskAnnSweep(List<Integer> lists, int k, int beamWidth, int repetitions) {

    /**
     * Prints the table for the first {@code n} of {@code queries}, whose exact neighbours are
     * {@code truth} among the rows {@code filter} accepts (searches apply it); memory is compared
     * with {@code rawBytes} of raw vectors.
     */
    void print(DiskIndex index, FloatVectors queries, int n, int[][] truth, RowFilter filter, long rawBytes) {
        System.out.printf("%n%s reads; node cache %,d nodes; in memory (codes, quantizer, cache) %.1f MB = %.1f%% of "
                        + "the raw vectors (%.1f MB)%n%n", index.access(), index.cachedNodes(), index.memoryBytes() / 1e6,
                100.0 * index.memoryBytes() / rawBytes, rawBytes / 1e6);
        System.out.println("| search list | recall@" + k + " | QPS (1 thread) | p50 ms | p99 ms | sectors read / query "
                + "| cache hits / query | hops / query |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int list : lists) {
            if (list < k) {
                continue;
            }
            int[][] found = new int[n][];
            long sectors = 0;
            long hits = 0;
            long hops = 0;
            for (int q = 0; q < n; q++) {
                DiskIndex.Found result = index.search(queries.get(q), k, list, beamWidth, filter, ScoreWindow.ALL);
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
                    index.search(queries.get(q), k, list, beamWidth, filter, ScoreWindow.ALL);
                    latencies[r * n + q] = System.nanoTime() - s0;
                }
                qps[r] = n / ((System.nanoTime() - t0) / 1e9);
            }
            Arrays.sort(qps);
            Arrays.sort(latencies);
            System.out.printf("| %d | %.4f | %,.0f | %.2f | %.2f | %.1f | %.1f | %.1f |%n", list,
                    Recall.atK(found, Arrays.copyOf(truth, n), k), qps[repetitions / 2],
                    latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                    (double) sectors / n, (double) hits / n, (double) hops / n);
        }
    }
}
