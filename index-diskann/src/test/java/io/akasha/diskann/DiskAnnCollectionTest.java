package io.akasha.diskann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
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
import io.akasha.core.dataset.ClusteredVectors;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.IndexSpec;
import io.akasha.core.search.Recall;
import io.akasha.core.search.TopK;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;
import io.akasha.core.vector.VectorUtil;

/**
 * A collection whose vector field is indexed with {@code diskann}: sealed segments get a DiskANN
 * file next to their data at the checkpoint; searches honour filters and deletes and find the
 * exact neighbours among the rows that pass; a reopen maps the saved files (through the mapping
 * or with direct reads, batched or one by one) and gives the same hits; bad search parameters
 * are refused by name.
 */
class DiskAnnCollectionTest {

    private static final int ROWS = 6_000;
    private static final int DIM = 32;
    private static final int QUERIES = 50;
    private static final IndexSpec DISKANN = IndexSpec.of("diskann",
            Map.of("max_degree", "24", "search_list_size", "48", "pq_bytes", "8"));
    private static final FloatVectors BASE = ClusteredVectors.generate(ROWS, DIM, 30, 2, 11);
    private static final FloatVectors QUERY = ClusteredVectors.generate(QUERIES, DIM, 30, 2, 12);
    private static final Set<Long> DELETED = Set.of(5L, 50L, 500L, 1_000L, 4_321L);

    @TempDir
    Path dir;

    private static Akasha open(Path dir) {
        return Akasha.open(dir, AkashaOptions.defaults().withSegmentRows(2_000));
    }

    private static void fill(Akasha akasha) {
        Collection c = akasha.createCollection("docs", CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", DIM, Similarity.L2).withIndex(DISKANN))
                .build());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(Map.of("id", (long) i, "v", BASE.get(i)));
        }
        c.insert(rows);
        c.delete(new ArrayList<>(DELETED));
        c.flush();
    }

    private static List<List<Hit>> hits(Collection c) {
        List<List<Hit>> out = new ArrayList<>();
        for (int q = 0; q < QUERIES; q++) {
            out.add(c.search(SearchRequest.builder().vector(QUERY.get(q)).limit(10).filter("id % 3 != 0")
                    .parameter("search_list", 100).build()).getFirst());
        }
        return out;
    }

    /** The exact top 10 among the live rows with id % 3 != 0. */
    private static int[] exact(int q) {
        TopK top = new TopK(10);
        for (int i = 0; i < ROWS; i++) {
            if (i % 3 != 0 && !DELETED.contains((long) i)) {
                top.offer(-VectorUtil.squareDistance(QUERY.get(q), BASE.get(i)), i);
            }
        }
        return top.drain().ids();
    }

    private static List<Long> ids(List<Hit> hits) {
        return hits.stream().map(h -> (Long) h.id()).toList();
    }

    private Set<String> indexFiles() throws IOException {
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("v.diskann")).forEach(names::add);
        }
        return names;
    }

    @Test
    void filteredSearchesFindTheExactNeighboursAndAReopenGivesTheSameHits() throws IOException {
        List<List<Hit>> expected;
        try (Akasha akasha = open(dir)) {
            fill(akasha);
            Collection c = akasha.collection("docs");
            expected = hits(c);
            double recall = 0;
            for (int q = 0; q < QUERIES; q++) {
                List<Long> found = ids(expected.get(q));
                for (Long id : found) {
                    assertTrue(id % 3 != 0, "filtered out: " + id);
                    assertFalse(DELETED.contains(id), "deleted: " + id);
                }
                recall += Recall.ofQuery(found.stream().mapToInt(Long::intValue).toArray(), exact(q), 10);
            }
            recall /= QUERIES;
            System.out.println("DiskANN collection: filtered recall@10 at search_list 100: " + recall);
            assertTrue(recall >= 0.95, "filtered recall@10: " + recall);
        }
        Set<String> files = indexFiles();
        assertEquals(1, files.size(), "one index file name for every segment: " + files);
        assertTrue(files.iterator().next().startsWith("v.diskann."), files.toString());
        for (String access : new String[] {"mapped", "direct", "direct_serial"}) {
            System.setProperty("akasha.diskann.access", access);
            System.setProperty("akasha.diskann.cacheBytes", "65536");
            try (Akasha akasha = open(dir)) {
                List<List<Hit>> reopened = hits(akasha.collection("docs"));
                for (int q = 0; q < QUERIES; q++) {
                    assertEquals(ids(expected.get(q)), ids(reopened.get(q)), access + ": query " + q);
                }
            } finally {
                System.clearProperty("akasha.diskann.access");
                System.clearProperty("akasha.diskann.cacheBytes");
            }
        }
    }

    @Test
    void badParametersAreRefusedByNameAndChangeNothing() {
        try (Akasha akasha = open(dir)) {
            fill(akasha);
            Collection c = akasha.collection("docs");
            AkashaException unknown = assertThrows(AkashaException.class, () -> c.search(SearchRequest.builder()
                    .vector(QUERY.get(0)).limit(10).parameter("ef", 64).build()));
            assertTrue(unknown.getMessage().contains("unknown search parameter 'ef'")
                    && unknown.getMessage().contains("[beam_width, search_list]"), unknown.getMessage());
            AkashaException wide = assertThrows(AkashaException.class, () -> c.search(SearchRequest.builder()
                    .vector(QUERY.get(0)).limit(10).parameter("beam_width", 65).build()));
            assertTrue(wide.getMessage().contains("search parameter 'beam_width' must be in 1..64, got 65"),
                    wide.getMessage());
            AkashaException build = assertThrows(AkashaException.class, () -> akasha.createCollection("other",
                    CollectionSchema.builder().field(Field.int64("id").asPrimaryKey())
                            .field(Field.floatVector("v", DIM, Similarity.L2)
                                    .withIndex(IndexSpec.of("diskann", Map.of("max_degree", "1")))).build()));
            assertTrue(build.getMessage().contains("max degree R must be in 2..1024, got 1"), build.getMessage());
            assertFalse(akasha.listCollections().contains("other"), "nothing created");
        }
    }
}
