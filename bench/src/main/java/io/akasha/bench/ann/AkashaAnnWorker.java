package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.akasha.core.dataset.XvecsReader;
import io.akasha.core.index.IndexProvider;
import io.akasha.core.index.SearchOptions;
import io.akasha.core.index.VectorIndex;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * The worker process for Akasha's indexes: {@code AkashaAnnWorker job.properties}. The build
 * parameter {@code index} names the index provider (default: the best available), {@code sweep}
 * the search parameter the sweep points set (default {@code ef}), and {@code reopen=saved} has
 * the built index saved to the job's folder, closed and opened from there (a sealed segment's
 * life, and the only way a DiskANN index reads from the device); the others go to the provider.
 */
public final class AkashaAnnWorker {

    private static final String SWEEP = "sweep";
    private static final String REOPEN = "reopen";

    private AkashaAnnWorker() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AkashaAnnWorker JOB_FILE");
            System.exit(2);
        }
        AnnJob job = AnnJob.read(Path.of(args[0]));
        Map<String, String> parameters = new HashMap<>(job.build());
        IndexProvider provider = IndexProvider.select(parameters.remove("index"));
        String sweep = parameters.getOrDefault(SWEEP, "ef");
        parameters.remove(SWEEP);
        boolean reopen = "saved".equals(parameters.remove(REOPEN));
        Similarity similarity = job.metric().equals("l2") ? Similarity.L2 : Similarity.IP;
        float[][] queries;
        try (FloatVectors queryVectors = XvecsReader.readFloatVectors(job.queries())) {
            queries = new float[queryVectors.count()][];
            for (int i = 0; i < queries.length; i++) {
                queries[i] = queryVectors.get(i);
            }
        }
        try (FloatVectors base = XvecsReader.readFloatVectors(job.base())) {
            long start = System.nanoTime();
            VectorIndex built = provider.build(base, similarity, parameters, job.threads());
            Files.createDirectories(job.output());
            Path saved = job.output().resolve("index." + provider.name());
            if (reopen) {
                try (VectorIndex closing = built) {
                    provider.save(closing, saved);
                }
                built = provider.open(saved, base);
            }
            try (VectorIndex index = built) {
                double buildSeconds = (System.nanoTime() - start) / 1e9;
                Files.writeString(job.output().resolve("build.txt"), "index=" + provider.name() + "\n"
                        + "build_seconds=" + buildSeconds + "\n"
                        + "index_bytes=" + index.memoryBytes() + "\n"
                        + "rss_kb=" + ProcessMemory.residentKiB() + "\n"
                        + "peak_rss_kb=" + ProcessMemory.peakResidentKiB() + "\n", StandardCharsets.UTF_8);
                // The sweep point sets the index's search parameter; an index without one only has the point "default".
                SearchOptions[] options = {SearchOptions.DEFAULT};
                SearchMeasurement.run(job, queries, point -> {
                    options[0] = SearchOptions.DEFAULT;
                    if (!point.equals("default")) {
                        if (!provider.searchParameters().contains(sweep)) {
                            throw new IllegalArgumentException("index " + provider.name()
                                    + " has no search parameter " + sweep + " to sweep (got " + point + ")");
                        }
                        options[0] = new SearchOptions(RowFilter.ALL, ScoreWindow.ALL, Map.of(sweep, Integer.parseInt(point)));
                    }
                }, (query, k) -> index.search(query, k, options[0]).ids());
            } finally {
                Files.deleteIfExists(saved);
            }
        }
    }
}
