package io.akasha.core.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * Reads an ann-benchmarks HDF5 file: datasets {@code train} (base vectors), {@code test}
 * (queries), {@code neighbors} (ids of the exact nearest neighbours, nearest first) and
 * {@code distances}, and the root attribute {@code distance} naming the metric
 * ({@code euclidean} or {@code angular}; ann-benchmarks' {@code dot} is read as inner product).
 *
 * <p>Vectors are copied in slices of rows, so a large {@code train} set is never held twice.
 * Needs {@code io.jhdf:jhdf} on the class path (an optional dependency of engine-core).
 */
public final class AnnBenchmarksHdf5Reader {

    private static final int ROWS_PER_SLICE = 8192;

    private AnnBenchmarksHdf5Reader() {
    }

    /** Reads the whole file; {@code name} labels the data set in reports. */
    public static Dataset read(Path path, String name) throws IOException {
        if (!Files.isReadable(path)) {
            throw new IOException(path + ": no such readable file");
        }
        try {
            Class.forName("io.jhdf.HdfFile");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("reading HDF5 files needs io.jhdf:jhdf on the class path", e);
        }
        try (io.jhdf.HdfFile file = new io.jhdf.HdfFile(path)) {
            Similarity similarity = similarityOf(path, file);
            FloatVectors base = readVectors(path, file, "train");
            FloatVectors queries = null;
            try {
                queries = readVectors(path, file, "test");
                int[][] neighbors = file.getChildren().containsKey("neighbors") ? readNeighbors(path, file) : null;
                return new Dataset(name, base, queries, neighbors, similarity);
            } catch (IOException | RuntimeException e) {
                base.close();
                if (queries != null) {
                    queries.close();
                }
                throw e;
            }
        } catch (io.jhdf.exceptions.HdfException e) {
            throw new DatasetFormatException(path + ": not a readable HDF5 file: " + e.getMessage(), e);
        }
    }

    private static Similarity similarityOf(Path path, io.jhdf.HdfFile file) throws DatasetFormatException {
        io.jhdf.api.Attribute attribute = file.getAttribute("distance");
        if (attribute == null) {
            throw new DatasetFormatException(path + ": no 'distance' attribute naming the metric");
        }
        Object value = attribute.getData();
        String metric = (value instanceof String[] array && array.length == 1 ? array[0] : String.valueOf(value))
                .trim().toLowerCase(Locale.ROOT);
        return switch (metric) {
            case "euclidean", "l2" -> Similarity.L2;
            case "angular", "cosine" -> Similarity.COSINE;
            case "dot", "ip", "inner_product" -> Similarity.IP;
            default -> throw new DatasetFormatException(path + ": metric '" + metric
                    + "' is not supported (euclidean, angular or dot)");
        };
    }

    private static FloatVectors readVectors(Path path, io.jhdf.HdfFile file, String datasetName)
            throws DatasetFormatException {
        io.jhdf.api.Dataset dataset = datasetOf(path, file, datasetName);
        int[] shape = shapeOf(path, dataset);
        if (dataset.getJavaType() != float.class && dataset.getJavaType() != double.class) {
            throw new DatasetFormatException(path + ": dataset '" + datasetName + "' holds "
                    + dataset.getJavaType() + ", expected float vectors");
        }
        int rows = shape[0];
        int dim = shape[1];
        FloatVectors vectors = FloatVectors.allocate(dim, rows);
        for (int start = 0; start < rows; start += ROWS_PER_SLICE) {
            int sliceRows = Math.min(ROWS_PER_SLICE, rows - start);
            Object slice = dataset.getData(new long[] {start, 0}, new int[] {sliceRows, dim});
            for (int r = 0; r < sliceRows; r++) {
                vectors.set(start + r, toFloats(((Object[]) slice)[r]));
            }
        }
        return vectors;
    }

    private static int[][] readNeighbors(Path path, io.jhdf.HdfFile file) throws DatasetFormatException {
        io.jhdf.api.Dataset dataset = datasetOf(path, file, "neighbors");
        shapeOf(path, dataset);
        Object data = dataset.getData();
        if (data instanceof int[][] ints) {
            return ints;
        }
        if (data instanceof long[][] longs) {
            int[][] ints = new int[longs.length][];
            for (int q = 0; q < longs.length; q++) {
                ints[q] = new int[longs[q].length];
                for (int i = 0; i < longs[q].length; i++) {
                    ints[q][i] = Math.toIntExact(longs[q][i]);
                }
            }
            return ints;
        }
        throw new DatasetFormatException(path + ": dataset 'neighbors' holds " + dataset.getJavaType()
                + ", expected integer ids");
    }

    private static io.jhdf.api.Dataset datasetOf(Path path, io.jhdf.HdfFile file, String name)
            throws DatasetFormatException {
        if (!(file.getChildren().get(name) instanceof io.jhdf.api.Dataset dataset)) {
            throw new DatasetFormatException(path + ": no dataset '" + name + "' (an ann-benchmarks file has "
                    + "train, test, neighbors and distances)");
        }
        return dataset;
    }

    private static int[] shapeOf(Path path, io.jhdf.api.Dataset dataset) throws DatasetFormatException {
        int[] shape = dataset.getDimensions();
        if (shape.length != 2 || shape[0] <= 0 || shape[1] <= 0) {
            throw new DatasetFormatException(path + ": dataset '" + dataset.getName() + "' has shape "
                    + java.util.Arrays.toString(shape) + ", expected [rows, dimension]");
        }
        return shape;
    }

    private static float[] toFloats(Object row) {
        if (row instanceof float[] floats) {
            return floats;
        }
        double[] doubles = (double[]) row;
        float[] floats = new float[doubles.length];
        for (int i = 0; i < doubles.length; i++) {
            floats[i] = (float) doubles[i];
        }
        return floats;
    }
}
