package io.akasha.diskann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.akasha.core.index.FlatIndex;
import io.akasha.core.index.SearchOptions;
import io.akasha.core.search.Recall;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;
import io.akasha.storage.CorruptFileException;

/**
 * The DiskANN file: built, written, mapped back (codes in memory, records on disk), and searched
 * by PQ scores with exact rerank from the records, for every metric and for records that span
 * sectors; bad files are refused by name.
 */
class DiskIndexTest {

    private static final VamanaParameters PARAMETERS = new VamanaParameters(32, 64, 1.2f, 42);

    @TempDir
    Path dir;

    /** Rows around 40 centres, so that PQ has structure to learn. */
    private static FloatVectors clustered(int count, int dim, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[40][dim];
        for (float[] centre : centres) {
            for (int d = 0; d < dim; d++) {
                centre[d] = (float) random.nextGaussian() * 2;
            }
        }
        FloatVectors vectors = FloatVectors.allocate(dim, count);
        float[] row = new float[dim];
        for (int i = 0; i < count; i++) {
            float[] centre = centres[random.nextInt(centres.length)];
            for (int d = 0; d < dim; d++) {
                row[d] = centre[d] + (float) random.nextGaussian();
            }
            vectors.set(i, row);
        }
        return vectors;
    }

    private double recall(DiskIndex index, FloatVectors vectors, FloatVectors queries, Similarity similarity,
                          int listSize) {
        try (FlatIndex exact = new FlatIndex(vectors, similarity)) {
            double sum = 0;
            for (int q = 0; q < queries.count(); q++) {
                DiskIndex.Found found = index.search(queries.get(q), 10, listSize, 4);
                sum += Recall.ofQuery(found.result().ids(),
                        exact.search(queries.get(q), 10, SearchOptions.DEFAULT).ids(), 10);
                assertTrue(found.recordsRead() <= found.hops() * 4, "at most W records per hop");
            }
            return sum / queries.count();
        }
    }

    @ParameterizedTest
    @EnumSource(Similarity.class)
    void aWrittenIndexIsMappedBackAndFindsTheExactNeighbours(Similarity similarity) throws IOException {
        Path file = dir.resolve("v.diskann");
        try (FloatVectors raw = clustered(4_000, 32, 1);
             FloatVectors normalized = raw.normalizedCopy();
             FloatVectors queries = clustered(100, 32, 2)) {
            FloatVectors vectors = similarity.normalizesVectors() ? normalized : raw;
            DiskIndex.build(file, vectors, similarity, PARAMETERS, 16, 1); // one thread: the same graph every run
            try (DiskIndex index = DiskIndex.open(file)) {
                assertEquals(4_000, index.size());
                // 16 bytes of codes per vector in memory against 128 bytes of vector on disk, plus the
                // codebook (256 centroids of the full dimension), a fixed cost this small set still feels.
                assertTrue(index.memoryBytes() < vectors.byteSize() / 4, index.memoryBytes() + " bytes in memory");
                double recall = recall(index, vectors, queries, similarity, 100);
                System.out.println("DiskANN " + similarity + ": recall@10 at L 100, W 4: " + recall);
                assertTrue(recall >= 0.95, similarity + ": recall@10 at L 100, W 4: " + recall);
            }
        }
    }

    @Test
    void recordsLargerThanASectorSpanWholeSectors() throws IOException {
        Path file = dir.resolve("wide.diskann");
        // 1,200 floats = 4,800 bytes of vector: each record takes two sectors.
        try (FloatVectors vectors = clustered(600, 1_200, 3); FloatVectors queries = clustered(20, 1_200, 4)) {
            DiskIndex.build(file, vectors, Similarity.L2, new VamanaParameters(16, 32, 1.2f, 1), 40, 1);
            assertEquals(2, DiskIndexFormat.sectorsPerRecord(DiskIndexFormat.recordBytes(1_200, 16)));
            try (DiskIndex index = DiskIndex.open(file)) {
                // A long list expands most of these 600 nodes, so the exact rerank decides: any misread
                // record would show here.
                double recall = recall(index, vectors, queries, Similarity.L2, 200);
                System.out.println("DiskANN two-sector records: recall@10 at L 200: " + recall);
                assertTrue(recall >= 0.95, "recall@10: " + recall);
                float[] first = vectors.get(0);
                assertArrayEquals(new int[] {0}, new int[] {index.search(first, 1, 200, 4).result().ids()[0]},
                        "a stored vector finds itself");
            }
        }
    }

    @Test
    void recordsPackWholeIntoSectors() {
        int bytes = DiskIndexFormat.recordBytes(100, 32); // 400 + 132 = 532 bytes: 7 per sector
        assertEquals(532, bytes);
        assertEquals(7, DiskIndexFormat.recordsPerSector(bytes));
        assertEquals(DiskIndexFormat.SECTOR + 6 * 532, DiskIndexFormat.recordOffset(6, bytes, 7, 1));
        assertEquals(2L * DiskIndexFormat.SECTOR, DiskIndexFormat.recordOffset(7, bytes, 7, 1), "node 7 starts sector 2");
    }

    @Test
    void filesThatAreNotAnIndexAreRefusedByName() throws IOException {
        Path junk = dir.resolve("junk.diskann");
        Files.write(junk, new byte[DiskIndexFormat.SECTOR]);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> DiskIndex.open(junk));
        assertTrue(e.getMessage().contains("not a DiskANN index"), e.getMessage());
    }
}
