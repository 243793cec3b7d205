package io.akasha.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.SearchRequest;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * A checkpoint saves each sealed segment's HNSW graph next to its data file; reopening maps both
 * and answers at once, with exactly the hits the closed engine gave, without rebuilding.
 */
class HnswDurableTest {

    private static final int ROWS = 12_000;
    private static final int DIM = 24;
    /** The data file of a sealed segment, in the segment's own folder. */
    private static final String SEGMENT_DATA = "data.aks";

    @TempDir
    Path dir;

    private static List<List<Hit>> hits(Collection c, FloatVectors queries) {
        List<List<Hit>> out = new ArrayList<>();
        for (int q = 0; q < queries.count(); q++) {
            out.add(c.search(SearchRequest.builder().vector(queries.get(q)).limit(10).filter("id % 3 != 0")
                    .build()).getFirst());
        }
        return out;
    }

    /**
     * Same ids in the same order, scores within 1e-5: the vector API's lane reductions may add in
     * another order before C2 compiles them (in a freshly started engine), moving the last bit.
     */
    private static void assertSameHits(List<List<Hit>> expected, List<List<Hit>> found) {
        for (int q = 0; q < expected.size(); q++) {
            assertEquals(expected.get(q).stream().map(Hit::id).toList(), found.get(q).stream().map(Hit::id).toList(),
                    "query " + q);
            for (int i = 0; i < expected.get(q).size(); i++) {
                assertEquals(expected.get(q).get(i).score(), found.get(q).get(i).score(), 1e-5, "query " + q + " hit " + i);
            }
        }
    }

    @Test
    void savedGraphsAreMappedOnReopenAndGiveIdenticalHits() throws IOException {
        AkashaOptions options = AkashaOptions.defaults().withSegmentRows(5_000);
        List<List<Hit>> expected;
        try (FloatVectors data = GaussianVectors.of(ROWS, DIM, 1); FloatVectors queries = GaussianVectors.of(50, DIM, 2)) {
            try (Akasha akasha = Akasha.open(dir, options)) {
                Collection c = akasha.createCollection("docs", CollectionSchema.builder()
                        .field(Field.int64("id").asPrimaryKey())
                        .field(Field.floatVector("v", DIM, Similarity.COSINE))
                        .build());
                for (int start = 0; start < ROWS; start += 1_000) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (int i = start; i < start + 1_000; i++) {
                        rows.add(Map.of("id", (long) i, "v", data.get(i)));
                    }
                    c.insert(rows);
                }
                c.flush();
                expected = hits(c, queries);
            }
            // 12,000 rows in segments of 5,000: at least three sealed segments (a checkpoint may
            // seal a growing one early), each with its graph saved beside its data.
            try (Stream<Path> files = Files.walk(dir)) {
                List<Path> segments = files.filter(p -> p.getFileName().toString().equals(SEGMENT_DATA))
                        .map(Path::getParent).toList();
                assertTrue(segments.size() >= 3, "sealed segments: " + segments);
                for (Path segment : segments) {
                    assertTrue(Files.exists(segment.resolve("v.hnsw")), segment + " has its graph saved");
                }
            }
            long start = System.nanoTime();
            try (Akasha akasha = Akasha.open(dir, options)) {
                Collection c = akasha.collection("docs");
                List<List<Hit>> first = hits(c, queries);
                long micros = (System.nanoTime() - start) / 1_000;
                System.out.println("reopened 3 segments with saved graphs and answered 50 searches in " + micros + " us");
                assertSameHits(expected, first);
                assertTrue(c.stats().indexMemoryBytes().get("v") > 0, "the graphs are in place without a rebuild");
            }
        }
    }

    /** A collection of {@link #ROWS} rows in one sealed segment with a saved graph; returns the hits. */
    private List<List<Hit>> writeOneSegment(FloatVectors data, FloatVectors queries) {
        try (Akasha akasha = Akasha.open(dir)) {
            Collection c = akasha.createCollection("docs", CollectionSchema.builder()
                    .field(Field.int64("id").asPrimaryKey())
                    .field(Field.floatVector("v", DIM, Similarity.COSINE))
                    .build());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                rows.add(Map.of("id", (long) i, "v", data.get(i)));
            }
            c.insert(rows);
            c.flush();
            return hits(c, queries);
        }
    }

    private Path graphFile() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals("v.hnsw")).findFirst().orElseThrow();
        }
    }

    @Test
    void aDamagedGraphIsFoundByVerifyAndByTheFirstSearch() throws IOException {
        try (FloatVectors data = GaussianVectors.of(ROWS, DIM, 1); FloatVectors queries = GaussianVectors.of(5, DIM, 2)) {
            writeOneSegment(data, queries);
            Path graph = graphFile();
            byte[] bytes = Files.readAllBytes(graph);
            int damaged = bytes.length / 3; // inside level 0, by far the largest section
            bytes[damaged] ^= 0x20;
            Files.write(graph, bytes);
            try (Akasha akasha = Akasha.open(dir)) {
                List<String> problems = akasha.verify().get("docs");
                assertEquals(1, problems.size());
                assertTrue(problems.getFirst().startsWith(graph.toAbsolutePath() + ": the block of "), problems.getFirst());
                AkashaException e = assertThrows(AkashaException.class, () -> hits(akasha.collection("docs"), queries));
                assertEquals(AkashaException.ErrorCode.DATA_LOSS, e.code());
                assertEquals(problems.getFirst(), e.getMessage());
            }
        }
    }

    @Test
    void aGraphInAFormatThisBuildDoesNotReadIsRebuiltAndSavedAgain() throws IOException {
        try (FloatVectors data = GaussianVectors.of(ROWS, DIM, 1); FloatVectors queries = GaussianVectors.of(20, DIM, 2)) {
            List<List<Hit>> expected = writeOneSegment(data, queries);
            Path graph = graphFile();
            byte[] bytes = Files.readAllBytes(graph);
            bytes[8] = 1; // format version 1, the plain layout before checksums
            Files.write(graph, bytes);
            try (Akasha akasha = Akasha.open(dir)) {
                Collection c = akasha.collection("docs");
                c.awaitIndexing();
                // A rebuild on two threads inserts in another order: the same neighbours, nearly.
                List<List<Hit>> rebuilt = hits(c, queries);
                long same = 0;
                for (int q = 0; q < expected.size(); q++) {
                    Set<Object> ids = rebuilt.get(q).stream().map(Hit::id).collect(java.util.stream.Collectors.toSet());
                    same += expected.get(q).stream().filter(hit -> ids.contains(hit.id())).count();
                }
                assertTrue(same >= 0.95 * 10 * expected.size(), same + " of " + 10 * expected.size() + " hits agree");
            }
            assertEquals(HnswFormat.VERSION, Files.readAllBytes(graphFile())[8], "the rebuilt graph was saved");
        }
    }
}
