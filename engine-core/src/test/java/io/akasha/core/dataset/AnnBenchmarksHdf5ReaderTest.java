package io.akasha.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.akasha.core.index.FlatIndex;
import io.akasha.core.search.SearchResult;
import io.akasha.core.vector.Similarity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnBenchmarksHdf5ReaderTest {

    @TempDir
    Path dir;

    /** The fixture was written by h5py, with neighbours from numpy (see hdf5/make-fixture.py). */
    @Test
    void readsAFileWrittenByH5pyAndItsNeighboursMatchOurExactSearch() throws IOException {
        Path file = copyFixture("ann-small-euclidean.hdf5");
        try (Dataset data = AnnBenchmarksHdf5Reader.read(file, "ann-small")) {
            assertEquals(Similarity.L2, data.similarity());
            assertEquals(200, data.base().count());
            assertEquals(12, data.dim());
            assertEquals(7, data.queries().count());
            assertArrayEquals(new float[] {14, -13, -19, 6, -6, -1, -17, -5, 6, -6, 14, 12}, data.base().get(0));
            assertEquals(10, data.groundTruth()[0].length);
            assertArrayEquals(new int[] {9, 69, 93, 79, 73, 39, 130, 195, 159, 152}, data.groundTruth()[0]);
            try (FlatIndex index = new FlatIndex(data.base(), data.similarity())) {
                for (int q = 0; q < data.queries().count(); q++) {
                    SearchResult result = index.search(data.queries().get(q), 10);
                    assertArrayEquals(data.groundTruth()[q], result.ids(), "query " + q);
                }
            }
        }
    }

    @Test
    void readsTheMetricAndRejectsAFileWithoutTrainingVectors() throws IOException {
        Path angular = dir.resolve("angular.hdf5");
        try (io.jhdf.WritableHdfFile out = io.jhdf.HdfFile.write(angular)) {
            out.putAttribute("distance", "angular");
            out.putDataset("train", new float[][] {{1, 0}, {0, 1}, {1, 1}});
            out.putDataset("test", new float[][] {{1, 0.2f}});
        }
        try (Dataset data = AnnBenchmarksHdf5Reader.read(angular, "angular")) {
            assertEquals(Similarity.COSINE, data.similarity());
            assertEquals(null, data.groundTruth(), "no neighbors dataset: ground truth absent, not invented");
            assertArrayEquals(new float[] {1, 1}, data.base().get(2));
        }

        Path noTrain = dir.resolve("no-train.hdf5");
        try (io.jhdf.WritableHdfFile out = io.jhdf.HdfFile.write(noTrain)) {
            out.putAttribute("distance", "euclidean");
            out.putDataset("test", new float[][] {{1, 0.2f}});
        }
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> AnnBenchmarksHdf5Reader.read(noTrain, "broken"));
        assertEquals(noTrain + ": no dataset 'train' (an ann-benchmarks file has train, test, neighbors and "
                + "distances)", e.getMessage());

        Path hamming = dir.resolve("hamming.hdf5");
        try (io.jhdf.WritableHdfFile out = io.jhdf.HdfFile.write(hamming)) {
            out.putAttribute("distance", "hamming");
            out.putDataset("train", new float[][] {{1}});
        }
        assertEquals(hamming + ": metric 'hamming' is not supported (euclidean, angular or dot)",
                assertThrows(DatasetFormatException.class, () -> AnnBenchmarksHdf5Reader.read(hamming, "h"))
                        .getMessage());
    }

    @Test
    void aFileThatIsNotHdf5IsRejectedWithItsPath() throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.hdf5"), "not an hdf5 file at all");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> AnnBenchmarksHdf5Reader.read(bogus, "bogus"));
        assertEquals(true, e.getMessage().startsWith(bogus + ": not a readable HDF5 file"), e.getMessage());
    }

    private Path copyFixture(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/hdf5/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }
}
