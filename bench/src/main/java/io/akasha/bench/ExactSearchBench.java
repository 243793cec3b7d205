package io.akasha.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.Callable;

import io.akasha.core.dataset.Dataset;
import io.akasha.core.index.FlatIndex;
import io.akasha.core.search.Recall;
import io.akasha.core.search.SearchResult;
import io.akasha.core.vector.Kernel;
import io.akasha.core.vector.VectorUtil;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Exact search speed against the machine's memory bandwidth, measured in the same run: a
 * single-threaded scan of the base cannot beat {@code bandwidth / base bytes} queries per second,
 * so that ratio is the bar one query at a time is judged by. Batched search (many queries per
 * pass over the base) is reported separately.
 */
@Command(name = "exact", mixinStandardHelpOptions = true,
        description = "Exact search QPS (one query at a time, one thread; and batched) vs single-thread read bandwidth.")
final class ExactSearchBench implements Callable<Integer> {

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;

    @Mixin
    DatasetOptions source;

    @Option(names = "--queries", defaultValue = "200", description = "queries per single-thread measurement")
    int queries;

    @Option(names = "--batch-queries", defaultValue = "2000", description = "queries in the batched measurement")
    int batchQueries;

    @Option(names = "--threads", defaultValue = "2", description = "threads for batched search")
    int threads;

    @Option(names = "--repetitions", defaultValue = "5", description = "repetitions; the median is reported")
    int repetitions;

    @Option(names = "-k", defaultValue = "10", description = "neighbours per query")
    int k;

    @Override
    public Integer call() throws Exception {
        String dataset = source.dataset;
        System.out.println("kernels: " + VectorUtil.implementationOf(Kernel.DOT_PRODUCT_BULK).name());
        try (Dataset data = source.load(Math.max(queries, batchQueries));
             FlatIndex index = new FlatIndex(data.base(), data.similarity())) {
            long baseBytes = data.base().byteSize();
            System.out.printf("%s: %d x %d (%s), base %.1f MB%n", dataset, data.base().count(), data.dim(),
                    data.similarity(), baseBytes / 1e6);

            double[] bandwidth = new double[repetitions];
            double[] singleQps = new double[repetitions];
            double[] ratio = new double[repetitions];
            double[] batchQps = new double[repetitions];
            int n = Math.min(queries, data.queries().count());
            float[][] q = new float[n][];
            for (int i = 0; i < n; i++) {
                q[i] = data.queries().get(i);
            }
            // Warm-up: compile the kernels and fault the pages in.
            for (int i = 0; i < Math.min(n, 50); i++) {
                index.search(q[i], k);
            }
            int batchN = Math.min(batchQueries, data.queries().count());
            var batch = io.akasha.core.vector.FloatVectors.allocate(data.dim(), batchN);
            for (int i = 0; i < batchN; i++) {
                batch.set(i, data.queries().get(i));
            }
            index.searchBatch(batch, k, threads);
            int[][] singleIds = new int[n][];
            for (int r = 0; r < repetitions; r++) {
                bandwidth[r] = readBandwidth(data.base().segment());
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    singleIds[i] = index.search(q[i], k).ids();
                }
                singleQps[r] = n / ((System.nanoTime() - start) / 1e9);
                // The machine is shared: pair each search pass with a bandwidth reading taken beside it.
                ratio[r] = singleQps[r] / (bandwidth[r] / baseBytes);
                start = System.nanoTime();
                SearchResult[] results = index.searchBatch(batch, k, threads);
                batchQps[r] = batchN / ((System.nanoTime() - start) / 1e9);
                if (r == 0 && data.groundTruth() != null) {
                    int[][] ids = Arrays.stream(results).map(SearchResult::ids).toArray(int[][]::new);
                    System.out.printf("recall@%d: single %.4f, batched %.4f%n", k,
                            Recall.atK(singleIds, data.groundTruth(), k), Recall.atK(ids, data.groundTruth(), k));
                }
            }
            batch.close();
            double bw = Stats.median(bandwidth);
            double bound = bw / baseBytes;
            double single = Stats.median(singleQps);
            System.out.printf("single-thread read bandwidth: %.2f GB/s (median of %d; min %.2f, max %.2f)%n",
                    bw / 1e9, repetitions, Stats.min(bandwidth) / 1e9, Stats.max(bandwidth) / 1e9);
            System.out.printf("bandwidth bound for one query at a time: %.1f QPS%n", bound);
            System.out.printf("exact search, 1 thread, 1 query at a time: %.1f QPS (median; min %.1f, max %.1f)%n",
                    single, Stats.min(singleQps), Stats.max(singleQps));
            System.out.printf("QPS / bandwidth bound, per repetition: median %.2f (min %.2f, max %.2f)%n",
                    Stats.median(ratio), Stats.min(ratio), Stats.max(ratio));
            System.out.printf("exact search, batched (%d queries, %d threads): %.1f QPS (median; min %.1f, max %.1f)%n",
                    batchN, threads, Stats.median(batchQps), Stats.min(batchQps), Stats.max(batchQps));
        }
        return 0;
    }

    /**
     * Bytes per second one thread reads from memory: a SIMD sum over a buffer eight times larger
     * than the base (and than any cache), so that it streams from DRAM as a base scan does.
     */
    static double readBandwidth(MemorySegment base) {
        long bytes = Math.max(256L << 20, base.byteSize() * 8);
        bytes -= bytes % (LONGS.vectorByteSize() * 4L);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(bytes, 64);
            buffer.fill((byte) 1);
            long best = Long.MAX_VALUE;
            long sink = 0;
            for (int pass = 0; pass < 3; pass++) {
                long start = System.nanoTime();
                sink += sum(buffer);
                best = Math.min(best, System.nanoTime() - start);
            }
            if (sink == 42) {
                System.out.print("");
            }
            return bytes / (best / 1e9);
        }
    }

    private static long sum(MemorySegment buffer) {
        LongVector a0 = LongVector.zero(LONGS), a1 = a0, a2 = a0, a3 = a0;
        long step = LONGS.vectorByteSize();
        for (long off = 0; off < buffer.byteSize(); off += 4 * step) {
            a0 = a0.add(LongVector.fromMemorySegment(LONGS, buffer, off, java.nio.ByteOrder.LITTLE_ENDIAN));
            a1 = a1.add(LongVector.fromMemorySegment(LONGS, buffer, off + step, java.nio.ByteOrder.LITTLE_ENDIAN));
            a2 = a2.add(LongVector.fromMemorySegment(LONGS, buffer, off + 2 * step, java.nio.ByteOrder.LITTLE_ENDIAN));
            a3 = a3.add(LongVector.fromMemorySegment(LONGS, buffer, off + 3 * step, java.nio.ByteOrder.LITTLE_ENDIAN));
        }
        return a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD) + buffer.get(ValueLayout.JAVA_BYTE, 0);
    }
}
