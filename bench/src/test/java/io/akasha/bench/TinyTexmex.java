package io.akasha.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.akasha.core.dataset.Dataset;
import io.akasha.core.dataset.XvecsWriter;
import io.akasha.core.vector.Similarity;

/** Writes a small seeded data set as TEXMEX files without ground truth, so the runner computes its own. */
public final class TinyTexmex {

    private TinyTexmex() {
    }

    /** Writes {@code <dataDir>/<name>/<name>_base.fvecs} and {@code _query.fvecs}; returns {@code dataDir}. */
    public static Path write(Path dataDir, String name, int count, int dim, int queries, long seed) throws IOException {
        Files.createDirectories(dataDir.resolve(name));
        try (Dataset data = ClusteredDatasets.generate(name, count, dim, queries, 6, 10, Similarity.L2, seed, 2)) {
            XvecsWriter.writeFloatVectors(dataDir.resolve(name).resolve(name + "_base.fvecs"), data.base());
            XvecsWriter.writeFloatVectors(dataDir.resolve(name).resolve(name + "_query.fvecs"), data.queries());
        }
        return dataDir;
    }
}
