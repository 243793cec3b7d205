package io.akasha.bench;

import java.io.IOException;
import java.nio.file.Path;

import io.akasha.core.dataset.DataDirectory;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.dataset.DatasetLoader;
import io.akasha.core.vector.Similarity;
import picocli.CommandLine.Option;

/** The options every command that reads a data set shares (a picocli mixin). */
public final class DatasetOptions {

    @Option(names = "--dataset", defaultValue = "siftsmall",
            description = "data set in the data directory (default: ${DEFAULT-VALUE}; also glove100, fashion-mnist)")
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

    /** Whether the data set exists in the data directory. */
    public boolean exists() {
        return DatasetLoader.exists(directory(), dataset);
    }

    /** Loads the data set with at most {@code maxQueries} queries. */
    public Dataset load(int maxQueries) throws IOException {
        return DatasetLoader.load(directory(), dataset, metric, maxQueries);
    }
}
