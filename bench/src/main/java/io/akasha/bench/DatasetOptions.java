package io.akasha.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.akasha.core.dataset.DataDirectory;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.dataset.DatasetLoader;
import io.akasha.core.vector.Similarity;
import picocli.CommandLine.Option;

/** The options every command that reads a data set shares (a picocli mixin). */
public final class DatasetOptions {

    @Option(names = "--dataset", defaultValue = "siftsmall",
            description = "data set in the data directory (default: ${DEFAULT-VALUE}; also glove100, fashion-mnist), "
                    + "or clustered-<count>x<dim> for the seeded synthetic generator, e.g. clustered-1000000x128")
    public String dataset;

    @Option(names = "--data-dir",
            description = "data directory (default: akasha.data.dir, AKASHA_DATA_DIR or ../shared/data)")
    Path dataDir;

    @Option(names = "--metric",
            description = "metric (L2, IP, COSINE) for a TEXMEX data set whose metric Akasha does not know")
    Similarity metric;

    /** The data directory given, or the configured one. */
    public Path directory() {
        return dataDir != null ? dataDir : DataDirectory.resolve();
    }

    /** Whether the data set exists in the data directory (a generated one always does). */
    public boolean exists() {
        return GENERATED.matcher(dataset).matches() || DatasetLoader.exists(directory(), dataset);
    }

    /**
     * Loads the data set with at most {@code maxQueries} queries, or generates
     * {@code clustered-<count>x<dim>}: {@link ClusteredDatasets} with one cluster per 1,000 rows,
     * seed 42, exact top-100 ground truth.
     */
    public Dataset load(int maxQueries) throws IOException {
        Matcher generated = GENERATED.matcher(dataset);
        if (generated.matches()) {
            int count = Integer.parseInt(generated.group(1));
            int dim = Integer.parseInt(generated.group(2));
            return ClusteredDatasets.generate(dataset, count, dim, maxQueries, Math.max(1, count / 1000), 100,
                    metric == null ? Similarity.L2 : metric, 42, Runtime.getRuntime().availableProcessors());
        }
        return DatasetLoader.load(directory(), dataset, metric, maxQueries);
    }

    private static final Pattern GENERATED = Pattern.compile("clustered-(\\d+)x(\\d+)");
}
