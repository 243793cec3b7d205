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
 * parameter {@code index} names the index provider (default: the best available); the others go
 * to the provider.
 */
public final class AkashaAnnWorker {

    private static final String EF = "ef";

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
            try (VectorIndex index = provider.build(base, similarity, parameters, job.threads())) {
                double buildSeconds = (System.nanoTime() - start) / 1e9;
                Files.createDirectories(job.output());
                Files.writeString(job.output().resolve("build.txt"), "index=" + provider.name() + "\n"
                        + "build_seconds=" + buildSeconds + "\n"
                        + "index_bytes=" + index.memoryBytes() + "\n"
                        + "rss_kb=" + ProcessMemory.residentKiB() + "\n"
                        + "peak_rss_kb=" + ProcessMemory.peakResidentKiB() + "\n", StandardCharsets.UTF_8);
                // The sweep point is the index's ef; an index without one only has the point "default".
                SearchOptions[] options = {SearchOptions.DEFAULT};
                SearchMeasurement.run(job, queries, point -> {
                    options[0] = SearchOptions.DEFAULT;
                    if (!point.equals("default")) {
                        if (!provider.searchParameters().contains(EF)) {
                            throw new IllegalArgumentException("index " + provider.name()
                                    + " has no search parameter to sweep (got " + point + ")");
                        }
                        options[0] = new SearchOptions(RowFilter.ALL, ScoreWindow.ALL, Map.of(EF, Integer.parseInt(point)));
                    }
                }, (query, k) -> index.search(query, k, options[0]).ids());
            }
        }
    }
}
