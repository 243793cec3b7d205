package io.akasha.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import io.akasha.bench.ann.AnonymousMemoryWatch;
import io.akasha.bench.ann.JvmCommand;
import io.akasha.core.dataset.ClusteredVectors;
import io.akasha.core.index.FlatIndex;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.SearchResult;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;
import io.akasha.diskann.DiskIndex;
import io.akasha.storage.MappedFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * DiskANN at a scale larger than the build may hold: generates seeded clustered vectors straight
 * into a file (reused by later runs), computes exact ground truth for the queries, builds the
 * index in a JVM of its own within a memory budget while its anonymous resident memory (heap,
 * off-heap, anonymous mappings; not the page cache) is sampled from outside, then opens the index
 * with direct reads (page cache bypassed) and sweeps the search list ({@link DiskAnnSweep}).
 */
@Command(name = "diskann-scale", mixinStandardHelpOptions = true,
        description = "DiskANN build within a memory budget on generated clustered data (default 5,000,000 x 128): "
                + "peak anonymous RSS of the build measured from outside, then recall, QPS and sectors per query "
                + "with direct reads.")
final class DiskAnnScaleBench implements Callable<Integer> {

    @Option(names = "--count", defaultValue = "5000000", description = "base vectors")
    int count;

    @Option(names = "--dim", defaultValue = "128", description = "dimension")
    int dim;

    @Option(names = "--queries", defaultValue = "200", description = "queries, with exact ground truth")
    int queries;

    @Option(names = "--max-degree", defaultValue = "32", description = "R")
    int maxDegree;

    @Option(names = "--build-list", defaultValue = "64", description = "L while building")
    int buildList;

    @Option(names = "--alpha", defaultValue = "1.2", description = "the second pass's prune factor")
    float alpha;

    @Option(names = "--pq-bytes", defaultValue = "64", description = "PQ bytes per vector")
    int pqBytes;

    @Option(names = "--build-memory-mb", defaultValue = "384",
            description = "memory budget of the graph build, MB (shards when the graph does not fit)")
    long buildMemoryMb;

    @Option(names = "--build-heap", defaultValue = "256m", description = "-Xmx of the build's JVM")
    String buildHeap;

    @Option(names = "--threads", defaultValue = "2", description = "build threads")
    int threads;

    @Option(names = "--lists", split = ",", defaultValue = "20,40,80,150,300", description = "search list sizes")
    List<Integer> lists;

    @Option(names = "--beam-width", defaultValue = "4", description = "W, records read per hop")
    int beamWidth;

    @Option(names = "--cache-mb", defaultValue = "0", description = "node cache around the medoid, MB")
    double cacheMb;

    @Option(names = "-k", defaultValue = "10", description = "neighbours per query")
    int k;

    @Option(names = "--repetitions", defaultValue = "3", description = "timed passes per point; the median is reported")
    int repetitions;

    @Option(names = "--work-dir", description = "where the vectors, the index and the scratch files go "
            + "(default: <tmp>/akasha-diskann-scale)")
    Path workDir;

    private static final long SEED = 42;

    @Override
    public Integer call() throws Exception {
        Path dir = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "akasha-diskann-scale");
        Files.createDirectories(dir);
        Path vectorsFile = dir.resolve("clustered-" + count + "x" + dim + "-seed" + SEED + ".f32");
        Path index = dir.resolve("clustered-" + count + "x" + dim + ".diskann");
        long raw = (long) count * dim * Float.BYTES;
        float[][] centres = ClusteredVectors.centres(Math.max(1, count / 1000), dim, 4, new SplittableRandom(SEED));
        generate(vectorsFile, centres, raw);
        try (MappedFile file = MappedFile.openReadOnly(vectorsFile);
             FloatVectors query = ClusteredVectors.around(centres, queries, new SplittableRandom(SEED + 2))) {
            FloatVectors base = FloatVectors.wrap(file.segment(), dim, count);
            long t0 = System.nanoTime();
            int[][] truth;
            try (FlatIndex exact = FlatIndex.ofScoringVectors(base, Similarity.L2)) {
                truth = Arrays.stream(exact.searchBatch(query, k, threads)).map(SearchResult::ids).toArray(int[][]::new);
            }
            System.out.printf("exact ground truth for %d queries in %.1f s%n", queries, (System.nanoTime() - t0) / 1e9);
            build(vectorsFile, index, dir, raw);
            try (DiskIndex disk = DiskIndex.open(index, new DiskIndex.OpenOptions(DiskIndex.Access.DIRECT,
                    (long) (cacheMb * 1e6)))) {
                System.out.printf("index file %.1f MB%n", Files.size(index) / 1e6);
                new DiskAnnSweep(lists, k, beamWidth, repetitions).print(disk, query, query.count(), truth, RowFilter.ALL, raw);
            }
        } finally {
            Files.deleteIfExists(index);
        }
        return 0;
    }

    /** Writes the base vectors into {@code file} through a mapping, unless a complete file is there. */
    private void generate(Path file, float[][] centres, long raw) throws IOException {
        if (Files.exists(file) && Files.size(file) == raw) {
            System.out.printf("vectors: %s (reused)%n", file);
            return;
        }
        Files.deleteIfExists(file);
        long t0 = System.nanoTime();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try (MappedFile out = MappedFile.create(partial, raw)) {
            ClusteredVectors.fill(FloatVectors.wrap(out.segment(), dim, count), centres, new SplittableRandom(SEED + 1));
            out.force();
        }
        Files.move(partial, file);
        System.out.printf("vectors: %,d x %d generated into %s in %.1f s%n", count, dim, file,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Builds the index in a JVM of its own, sampling its anonymous memory from outside. */
    private void build(Path vectorsFile, Path index, Path dir, long raw) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(JvmCommand.of(DiskAnnScaleBuild.class, buildHeap));
        command.addAll(List.of(vectorsFile.toString(), Integer.toString(count), Integer.toString(dim),
                index.toString(), Integer.toString(maxDegree), Integer.toString(buildList), Float.toString(alpha),
                Integer.toString(pqBytes), Integer.toString(threads), Long.toString(buildMemoryMb << 20),
                dir.toString()));
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).inheritIO().start();
        long peakKiB;
        try (AnonymousMemoryWatch watch = AnonymousMemoryWatch.of(process.pid())) {
            int exit = process.waitFor();
            peakKiB = watch.peakKiB();
            if (exit != 0) {
                throw new IllegalStateException("the DiskANN build exited with " + exit);
            }
        }
        System.out.printf("%nbuild: %,d x %d, R %d, L %d, alpha %.2f, %d PQ bytes, %d threads, budget %d MB, heap %s: "
                        + "%.1f s; peak anonymous RSS %.1f MB = %.1f%% of the raw vectors (%.1f MB); index %.1f MB%n",
                count, dim, maxDegree, buildList, alpha, pqBytes, threads, buildMemoryMb, buildHeap,
                (System.nanoTime() - t0) / 1e9, peakKiB / 1024.0, 100.0 * peakKiB * 1024 / raw, raw / 1e6,
                Files.size(index) / 1e6);
    }
}
