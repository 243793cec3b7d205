package io.akasha.bench;

import java.nio.file.Path;

import io.akasha.core.dataset.DataDirectory;
import picocli.CommandLine.Option;

/** The options every command that reads a data set shares (a picocli mixin). */
final class DatasetOptions {

    @Option(names = "--dataset", defaultValue = "siftsmall",
            description = "data set in the data directory (default: ${DEFAULT-VALUE}; also glove100, fashion-mnist)")
    String dataset;

    @Option(names = "--data-dir",
            description = "data directory (default: akasha.data.dir, AKASHA_DATA_DIR or ../shared/data)")
    Path dataDir;

    /** The data directory given, or the configured one. */
    Path directory() {
        return dataDir != null ? dataDir : DataDirectory.resolve();
    }
}
