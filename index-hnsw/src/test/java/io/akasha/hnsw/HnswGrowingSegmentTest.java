package io.akasha.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.SearchRequest;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.segment.Segment;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * A growing segment indexes each filled chunk in the background and searches through those
 * indexes (scanning the rest): recall against the exact answer stays high, deleted rows stay out,
 * and nothing is sealed to get there.
 */
class HnswGrowingSegmentTest {

    private static final int ROWS = 20_000;
    private static final int DIM = 32;

    @Test
    void filledChunksAreSearchedThroughTheirOwnIndexes() {
        try (FloatVectors data = GaussianVectors.of(ROWS, DIM, 11);
             FloatVectors queries = GaussianVectors.of(100, DIM, 12);
             Akasha akasha = Akasha.inMemory(AkashaOptions.defaults().withSegmentRows(100_000))) {
            Collection c = akasha.createCollection("growing", CollectionSchema.builder()
                    .field(Field.int64("id").asPrimaryKey())
                    .field(Field.floatVector("v", DIM, Similarity.L2))
                    .build());
            for (int from = 0; from < ROWS; from += 1_000) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = from; i < from + 1_000; i++) {
                    batch.add(Map.of("id", (long) i, "v", data.get(i)));
                }
                c.insert(batch);
            }
            c.awaitIndexing();
            assertEquals(0, c.stats().sealedSegments());
            assertTrue(c.stats().indexMemoryBytes().getOrDefault("v", 0L) > 0,
                    ROWS / Segment.CHUNK_ROWS + " filled chunks should have graphs: " + c.stats());
            List<Object> deleted = new ArrayList<>();
            for (long id = 0; id < ROWS; id += 3) {
                deleted.add(id);
            }
            c.delete(deleted);
            Set<Object> gone = new HashSet<>(deleted);
            double sum = 0;
            for (int q = 0; q < queries.count(); q++) {
                List<Object> found = ids(c, queries.get(q), "index");
                List<Object> exact = ids(c, queries.get(q), "bitmap");
                found.forEach(id -> assertFalse(gone.contains(id), "deleted row " + id + " came back"));
                sum += found.stream().filter(new HashSet<>(exact)::contains).count() / (double) exact.size();
            }
            assertTrue(sum / queries.count() >= 0.95, "recall@10 through the chunk indexes: " + sum / queries.count());
        }
    }

    /** Top 10 with the plan forced; "bitmap" with a filter every row passes is the exact answer. */
    private static List<Object> ids(Collection c, float[] query, String plan) {
        return c.search(SearchRequest.builder().vector(query).limit(10).filter("id >= 0")
                .parameter("filter_plan", plan).parameter("ef", 64).build()).getFirst().stream().map(Hit::id).toList();
    }
}
