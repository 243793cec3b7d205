package io.akasha.core.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * Finds and loads a named data set from a data directory: either TEXMEX files in a folder of
 * that name ({@code <name>/<name>_base.fvecs[.gz]} or {@code .bvecs}, {@code _query},
 * {@code _groundtruth.ivecs}) or an ann-benchmarks file {@code <name>.hdf5}.
 *
 * <p>TEXMEX files do not record their metric: the known sets' metrics are listed here, any other
 * needs one given explicitly.
 */
public final class DatasetLoader {

    private static final Map<String, Similarity> KNOWN_METRICS = Map.of(
            "siftsmall", Similarity.L2,
            "sift", Similarity.L2,
            "gist", Similarity.L2,
            "fashion-mnist", Similarity.L2,
            "glove100", Similarity.COSINE);

    private DatasetLoader() {
    }

    /** Whether {@code dir} holds the data set {@code name} in either layout. */
    public static boolean exists(Path dir, String name) {
        return Files.isRegularFile(dir.resolve(name + ".hdf5")) || findTexmex(dir.resolve(name), name, "base") != null;
    }

    /** Loads {@code name} with its known metric; see {@link #load(Path, String, Similarity, int)}. */
    public static Dataset load(Path dir, String name) throws IOException {
        return load(dir, name, null, Integer.MAX_VALUE);
    }

    /**
     * Loads {@code name} from {@code dir}.
     *
     * @param similarity the metric, or null to use the HDF5 attribute or the known TEXMEX metric
     * @param maxQueries read at most this many queries (and their ground truth rows)
     */
    public static Dataset load(Path dir, String name, Similarity similarity, int maxQueries) throws IOException {
        Path hdf5 = dir.resolve(name + ".hdf5");
        if (Files.isRegularFile(hdf5)) {
            Dataset full = AnnBenchmarksHdf5Reader.read(hdf5, name);
            Similarity metric = similarity != null ? similarity : full.similarity();
            return new Dataset(name, full.base(), full.queries(), full.groundTruth(), metric);
        }
        Path folder = dir.resolve(name);
        Path base = findTexmex(folder, name, "base");
        Path query = findTexmex(folder, name, "query");
        if (base == null || query == null) {
            throw new NoSuchFileException(dir.resolve(name).toString(), null,
                    "data set '" + name + "' not found in " + dir + "; " + DataDirectory.howToConfigure());
        }
        Similarity metric = similarity != null ? similarity : KNOWN_METRICS.get(name);
        if (metric == null) {
            throw new IllegalArgumentException("the metric of TEXMEX data set '" + name
                    + "' is not known: give one (L2, IP or COSINE)");
        }
        Path truth = findTexmex(folder, name, "groundtruth");
        FloatVectors baseVectors = XvecsReader.readFloatVectors(base);
        try {
            FloatVectors queries = XvecsReader.readFloatVectors(query, maxQueries);
            int[][] groundTruth = truth == null ? null : XvecsReader.readIntVectors(truth);
            if (groundTruth != null && groundTruth.length > queries.count()) {
                groundTruth = java.util.Arrays.copyOf(groundTruth, queries.count());
            }
            return new Dataset(name, baseVectors, queries, groundTruth, metric);
        } catch (IOException | RuntimeException e) {
            baseVectors.close();
            throw e;
        }
    }

    private static Path findTexmex(Path folder, String name, String part) {
        String extension = part.equals("groundtruth") ? ".ivecs" : ".fvecs";
        for (String candidate : new String[] {extension, extension + ".gz", ".bvecs", ".bvecs.gz"}) {
            Path path = folder.resolve(name + "_" + part + candidate);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        return null;
    }
}
