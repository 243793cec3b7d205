package io.akasha.hnsw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.dataset.DataDirectory;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.dataset.DatasetLoader;
import io.akasha.core.index.SearchOptions;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.search.SearchResult;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;
import io.akasha.storage.CorruptFileException;

/** A sealed graph written to a file and mapped back answers exactly as the one in memory. */
class HnswFileTest {

    @TempDir
    Path dir;

    @Test
    void aMappedGloveGraphReturnsIdenticalResults() throws IOException {
        Path data = DataDirectory.resolve();
        assumeTrue(DatasetLoader.exists(data, "glove100"), "glove100 not found in " + data + "; "
                + DataDirectory.howToConfigure());
        Path file = dir.resolve("glove.hnsw");
        try (Dataset glove = DatasetLoader.load(data, "glove100");
             FloatVectors unit = glove.base().normalizedCopy();
             HnswIndex built = HnswIndex.build(unit, true, Similarity.COSINE, HnswParameters.defaults(), 2)) {
            built.write(file);
            try (HnswIndex mapped = HnswIndex.open(file, unit)) {
                SearchOptions options = new SearchOptions(RowFilter.ALL, ScoreWindow.ALL, Map.of("ef", 64));
                for (int q = 0; q < 1_000; q++) {
                    float[] query = glove.queries().get(q);
                    SearchResult a = built.search(query, 10, options);
                    SearchResult b = mapped.search(query, 10, options);
                    assertArrayEquals(a.ids(), b.ids(), "query " + q);
                    assertArrayEquals(a.scores(), b.scores(), "query " + q);
                }
                assertEquals(built.parameters(), mapped.parameters());
            }
        }
    }

    @Test
    void badFilesAreRefusedWithTheReason() throws IOException {
        try (FloatVectors vectors = GaussianVectors.of(300, 8, 1);
             HnswIndex built = HnswIndex.build(vectors, false, Similarity.L2, HnswParameters.defaults(), 1)) {
            Path file = dir.resolve("small.hnsw");
            built.write(file);
            try (FloatVectors other = GaussianVectors.of(299, 8, 2)) {
                IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                        () -> HnswIndex.open(file, other));
                assertEquals(file + " holds a graph of 300 vectors of dimension 8, but 299 of dimension 8 were given",
                        wrong.getMessage());
            }
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
            CorruptFileException cut = assertThrows(CorruptFileException.class, () -> HnswIndex.open(file, vectors));
            assertTrue(cut.getMessage().startsWith(file.toString()), cut.getMessage());
        }
    }
}
