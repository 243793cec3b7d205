package io.akasha.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.IndexDescription;
import io.akasha.core.collection.SearchRequest;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.IndexSpec;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * Changing a vector field's index on a collection that holds data (create, describe, drop):
 * the sealed segments are rebuilt under the new spec in the background while searches go on,
 * the change survives a reopen without a rebuild, and bad requests change nothing.
 */
class IndexChangeTest {

    private static final int ROWS = 6_000;
    private static final int DIM = 24;
    private static final int QUERIES = 50;
    private static final IndexSpec HNSW = IndexSpec.of("hnsw", Map.of("M", "8", "efConstruction", "64"));
    private static final IndexSpec WIDER = IndexSpec.of("hnsw", Map.of("M", "12", "efConstruction", "64"));

    @TempDir
    Path dir;

    private static final FloatVectors BASE = GaussianVectors.of(ROWS, DIM, 7);
    private static final FloatVectors QUERY = GaussianVectors.of(QUERIES, DIM, 8);

    private static Akasha open(Path dir) {
        return Akasha.open(dir, AkashaOptions.defaults().withSegmentRows(2_000));
    }

    private static Collection create(Akasha akasha) {
        Collection c = akasha.createCollection("docs", CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", DIM, Similarity.L2).withIndex(IndexSpec.of("flat", Map.of())))
                .field(Field.int32("n"))
                .build());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(Map.of("id", (long) i, "v", BASE.get(i), "n", i));
        }
        c.insert(rows);
        c.delete(List.of(1L, 2L, 3L));
        c.flush();
        return c;
    }

    private static List<List<Long>> ids(Collection c, Map<String, Object> parameters) {
        List<List<Long>> out = new ArrayList<>();
        for (int q = 0; q < QUERIES; q++) {
            SearchRequest.Builder request = SearchRequest.builder().vector(QUERY.get(q)).limit(10);
            parameters.forEach(request::parameter);
            out.add(c.search(request.build()).getFirst().stream().map(h -> (Long) h.id()).toList());
        }
        return out;
    }

    private static double recall(List<List<Long>> exact, List<List<Long>> found) {
        int hits = 0;
        for (int q = 0; q < exact.size(); q++) {
            Set<Long> truth = new HashSet<>(exact.get(q));
            hits += (int) found.get(q).stream().filter(truth::contains).count();
        }
        return hits / (10.0 * exact.size());
    }

    /** Rows stored once the rewrite under a new spec has dropped the three deleted ones. */
    private static final int REWRITTEN = ROWS - 3;

    private static void assertFinished(IndexDescription d, String index, int rows) {
        assertEquals(index, d.index(), d.toString());
        assertTrue(d.finished(), d.toString());
        assertEquals(rows, d.indexedRows() + d.growingRows(), d.toString());
    }

    @Test
    void createDescribeDropOnADurableCollection() {
        List<List<Long>> exact;
        List<List<Long>> graph;
        try (Akasha akasha = open(dir)) {
            Collection c = create(akasha);
            assertFinished(c.describeIndex("v"), "flat", ROWS);
            exact = ids(c, Map.of());
            long flatBytes = c.stats().indexMemoryBytes().get("v");
            assertThrows(AkashaException.class, () -> ids(c, Map.of("ef", 100)), "flat takes no ef");

            IndexDescription changed = c.createIndex("v", HNSW);
            assertEquals(HNSW, changed.spec());
            assertEquals("hnsw", changed.index());
            assertEquals(HNSW, c.schema().field("v").orElseThrow().index());
            c.flush();
            assertFinished(c.describeIndex("v"), "hnsw", REWRITTEN);
            assertTrue(c.stats().indexMemoryBytes().get("v") > flatBytes, "graph links added to the vectors");
            graph = ids(c, Map.of("ef", 200));
            double recall = recall(exact, graph);
            assertTrue(recall >= 0.95, "recall@10 " + recall);
            assertFinished(c.createIndex("v", HNSW), "hnsw", REWRITTEN); // the same spec again changes nothing
        }
        try (Akasha akasha = open(dir)) {
            Collection c = akasha.collection("docs");
            assertEquals(HNSW, c.schema().field("v").orElseThrow().index());
            // Opened from the saved graphs: indexed at once, and the very same answers.
            assertFinished(c.describeIndex("v"), "hnsw", REWRITTEN);
            assertEquals(graph, ids(c, Map.of("ef", 200)));

            IndexDescription dropped = c.dropIndex("v");
            assertEquals("flat", dropped.index());
            c.flush();
            assertFinished(c.describeIndex("v"), "flat", REWRITTEN);
            assertEquals(exact, ids(c, Map.of()));
            AkashaException e = assertThrows(AkashaException.class, () -> ids(c, Map.of("ef", 100)));
            assertTrue(e.getMessage().contains("unknown search parameter 'ef'"), e.getMessage());
        }
        try (Akasha akasha = open(dir)) {
            assertFinished(akasha.collection("docs").describeIndex("v"), "flat", REWRITTEN);
        }
    }

    @Test
    void aChangeStoredBeforeItsRebuildFinishesIsBuiltAfterAReopen() {
        List<List<Long>> exact;
        try (Akasha akasha = open(dir)) {
            Collection c = create(akasha);
            exact = ids(c, Map.of());
            c.createIndex("v", HNSW); // closed at once: the rebuild is cut short or never starts
        }
        try (Akasha akasha = open(dir)) {
            Collection c = akasha.collection("docs");
            assertEquals("hnsw", c.describeIndex("v").index());
            c.awaitIndexing();
            // Segments opened without a graph under the stored spec are indexed in place.
            assertFinished(c.describeIndex("v"), "hnsw", ROWS);
            double recall = recall(exact, ids(c, Map.of("ef", 200)));
            assertTrue(recall >= 0.95, "recall@10 " + recall);
            // Now from one graph spec to another, again closed before the rebuild.
            c.createIndex("v", WIDER);
        }
        try (Akasha akasha = open(dir)) {
            Collection c = akasha.collection("docs");
            assertEquals(WIDER, c.describeIndex("v").spec());
            assertTrue(c.describeIndex("v").pendingRows() > 0, "the M=8 graphs on disk are not taken for M=12 ones");
            c.awaitIndexing();
            assertFinished(c.describeIndex("v"), "hnsw", ROWS);
        }
        try (Akasha akasha = open(dir)) {
            // The M=12 graphs built after the last open were saved: opened, not rebuilt.
            assertFinished(akasha.collection("docs").describeIndex("v"), "hnsw", ROWS);
        }
    }

    @Test
    void anInt8WalkingGraphIsSavedWithItsCodesAndReopened() {
        IndexSpec int8 = IndexSpec.of("hnsw", Map.of("M", "8", "efConstruction", "64", "quantization", "int8"));
        List<List<Long>> exact;
        List<List<Long>> walked;
        try (Akasha akasha = open(dir)) {
            Collection c = create(akasha);
            exact = ids(c, Map.of());
            c.createIndex("v", int8);
            c.flush();
            assertFinished(c.describeIndex("v"), "hnsw", REWRITTEN);
            walked = ids(c, Map.of("ef", 200));
            double recall = recall(exact, walked);
            assertTrue(recall >= 0.95, "recall@10 walking int8 codes " + recall);
        }
        try (Akasha akasha = open(dir)) {
            Collection c = akasha.collection("docs");
            assertFinished(c.describeIndex("v"), "hnsw", REWRITTEN); // opened with its codes, not rebuilt
            assertEquals(walked, ids(c, Map.of("ef", 200)));
        }
    }

    @Test
    void searchesGoOnWhileSegmentsAreRebuilt() throws InterruptedException {
        try (Akasha akasha = Akasha.inMemory(AkashaOptions.defaults().withSegmentRows(2_000))) {
            Collection c = create(akasha);
            List<List<Long>> exact = ids(c, Map.of());
            // Accepted from now on, though segments keep their flat index until they are rebuilt.
            c.createIndex("v", HNSW);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger duringRebuild = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger searches = new AtomicInteger();
            Thread searcher = Thread.ofPlatform().start(() -> {
                try {
                    while (!stop.get()) {
                        List<Hit> hits = c.search(SearchRequest.builder().vector(QUERY.get(searches.get() % QUERIES))
                                .limit(10).parameter("ef", 100).build()).getFirst();
                        assertEquals(10, hits.size());
                        searches.incrementAndGet();
                        if (!c.describeIndex("v").finished()) {
                            duringRebuild.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            c.awaitIndexing();
            stop.set(true);
            searcher.join();
            if (failure.get() != null) {
                throw new AssertionError("a search failed during the rebuild", failure.get());
            }
            assertTrue(searches.get() > 0);
            System.out.println(searches.get() + " searches with ef, " + duringRebuild.get() + " of them while "
                    + "segments were being rebuilt");
            assertFinished(c.describeIndex("v"), "hnsw", REWRITTEN);
            double recall = recall(exact, ids(c, Map.of("ef", 200)));
            assertTrue(recall >= 0.95, "recall@10 " + recall);
        }
    }

    @Test
    void badRequestsNameTheProblemAndChangeNothing() {
        try (Akasha akasha = open(dir)) {
            Collection c = create(akasha);
            IndexDescription before = c.describeIndex("v");
            assertMessage("no field 'w'", () -> c.createIndex("w", HNSW));
            assertMessage("field 'n' is INT32", () -> c.createIndex("n", HNSW));
            assertMessage("ivf", () -> c.createIndex("v", IndexSpec.of("ivf", Map.of())));
            assertMessage("efSearch", () -> c.createIndex("v", IndexSpec.of("hnsw", Map.of("efSearch", "5"))));
            assertMessage("M", () -> c.createIndex("v", IndexSpec.of("hnsw", Map.of("M", "-1"))));
            assertMessage("no field 'w'", () -> c.describeIndex("w"));
            assertMessage("no field 'w'", () -> c.dropIndex("w"));
            assertEquals(before, c.describeIndex("v"));
            assertFalse(c.schema().field("v").orElseThrow().index().type().equals("hnsw"));
        }
        try (Akasha akasha = open(dir)) {
            assertEquals("flat", akasha.collection("docs").describeIndex("v").index());
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        AkashaException e = assertThrows(AkashaException.class, call);
        assertEquals(AkashaException.ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
