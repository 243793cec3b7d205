package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.akasha.core.search.Permutations;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.dataset.XvecsReader;
import io.akasha.core.dataset.XvecsWriter;
import io.akasha.core.index.FlatIndex;
import io.akasha.core.search.Permutations;
import io.akasha.core.search.SearchResult;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * A data set as every system in a run receives it, written once to a cache folder: plain
 * {@code .fvecs} base and queries (cosine data normalized, so every system runs inner product on
 * the same unit vectors), queries shuffled with the run's seed, and the exact ground truth in the
 * shuffled order (the shipped one when it is deep enough, else computed by exact search).
 *
 * @param base    base vectors file
 * @param queries query vectors file, shuffled
 * @param truth   exact neighbour ids per shuffled query, nearest first
 * @param metric  {@code l2} or {@code ip}
 */
public record PreparedData(Path base, Path queries, int[][] truth, String metric) {

    private static final String COMPLETE = "complete";

    /** Prepares {@code data} under {@code folder}, or reuses what an earlier run prepared there. */
    public static PreparedData prepare(Dataset data, Path folder, long seed, int k, int threads) throws IOException {
        String metric = data.similarity() == Similarity.L2 ? "l2" : "ip";
        Path base = folder.resolve("base.fvecs");
        Path queries = folder.resolve("queries.fvecs");
        Path truthFile = folder.resolve("truth-k" + k + ".ivecs");
        if (Files.exists(folder.resolve(COMPLETE)) && Files.exists(truthFile)) {
            return new PreparedData(base, queries, XvecsReader.readIntVectors(truthFile), metric);
        }
        deleteFolder(folder);
        Files.createDirectories(folder);
        int[] order = Permutations.seeded(data.queries().count(), seed);
        boolean normalize = data.similarity().normalizesVectors();
        try (FloatVectors baseOut = normalize ? data.base().normalizedCopy() : null;
             FloatVectors shuffled = FloatVectors.allocate(data.dim(), order.length)) {
            for (int i = 0; i < order.length; i++) {
                float[] query = data.queries().get(order[i]);
                shuffled.set(i, normalize ? data.similarity().prepareQuery(query) : query);
            }
            FloatVectors baseVectors = normalize ? baseOut : data.base();
            XvecsWriter.writeFloatVectors(base, baseVectors);
            XvecsWriter.writeFloatVectors(queries, shuffled);
            int[][] truth = data.groundTruth() != null && data.groundTruth()[0].length >= k
                    ? reorder(data.groundTruth(), order, k)
                    : exact(baseVectors, shuffled, data.similarity() == Similarity.L2 ? Similarity.L2 : Similarity.IP,
                            k, threads);
            XvecsWriter.writeIntVectors(truthFile, truth);
            Files.writeString(folder.resolve(COMPLETE), "seed=" + seed + "\n");
            return new PreparedData(base, queries, truth, metric);
        }
    }

    private static int[][] reorder(int[][] truth, int[] order, int k) {
        int[][] rows = new int[order.length][];
        for (int i = 0; i < order.length; i++) {
            rows[i] = Arrays.copyOf(truth[order[i]], k);
        }
        return rows;
    }

    private static int[][] exact(FloatVectors base, FloatVectors queries, Similarity similarity, int k, int threads) {
        try (FlatIndex index = new FlatIndex(base, similarity)) {
            return Arrays.stream(index.searchBatch(queries, k, threads)).map(SearchResult::ids).toArray(int[][]::new);
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
