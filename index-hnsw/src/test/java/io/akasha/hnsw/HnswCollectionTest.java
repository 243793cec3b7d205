package io.akasha.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.SearchRequest;
import io.akasha.core.dataset.DataDirectory;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.dataset.DatasetLoader;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;

/**
 * HNSW behind the collection API on glove100 (cosine, 100,000 rows in one sealed segment):
 * AUTOINDEX picks it, unfiltered search reaches the ground truth, filtered search with the graph
 * plan forced reaches recall 0.95 against the exact filtered answer (the bitmap plan) at 1%, 10%
 * and 50% selectivity, and recall holds after a random 30% of the rows are deleted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HnswCollectionTest {

    private static final int K = 10;
    private static final int QUERIES = 200;

    private static Dataset data;
    private static Akasha akasha;
    private static Collection glove;

    @BeforeAll
    static void load() throws IOException {
        Path dir = DataDirectory.resolve();
        assumeTrue(DatasetLoader.exists(dir, "glove100"),
                "data set glove100 not found in " + dir + "; " + DataDirectory.howToConfigure());
        data = DatasetLoader.load(dir, "glove100");
        akasha = Akasha.inMemory(AkashaOptions.defaults().withSegmentRows(data.base().count()));
        glove = akasha.createCollection("glove", CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", data.dim(), data.similarity()))
                .field(Field.int32("bucket"))
                .build());
        Random random = new Random(42);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < data.base().count(); i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", (long) i);
            row.put("v", data.base().get(i));
            row.put("bucket", random.nextInt(100));
            batch.add(row);
            if (batch.size() == 20_000 || i == data.base().count() - 1) {
                glove.insert(batch);
                batch = new ArrayList<>();
            }
        }
        glove.flush();
    }

    @AfterAll
    static void close() {
        if (akasha != null) {
            akasha.close();
            data.close();
        }
    }

    private static List<Object> ids(String filter, String plan, float[] query, int ef) {
        SearchRequest.Builder request = SearchRequest.builder().vector(query).limit(K).parameter("filter_plan", plan);
        if (filter != null) {
            request.filter(filter);
        }
        if (plan.equals("index")) {
            request.parameter("ef", ef);
        }
        return glove.search(request.build()).getFirst().stream().map(Hit::id).toList();
    }

    private static double recall(List<Object> found, List<Object> truth) {
        Set<Object> expected = new HashSet<>(truth);
        return found.stream().filter(expected::contains).count() / (double) truth.size();
    }

    @Test
    @Order(1)
    void autoIndexIsHnswAndReachesTheGroundTruth() {
        assertTrue(glove.stats().indexMemoryBytes().get("v") > data.base().byteSize(), "the graph is built");
        double sum = 0;
        for (int q = 0; q < QUERIES; q++) {
            List<Object> found = glove.search(SearchRequest.builder().vector(data.queries().get(q)).limit(K)
                    .parameter("ef", 64).build()).getFirst().stream().map(Hit::id).toList();
            List<Object> truth = new ArrayList<>();
            for (int i = 0; i < K; i++) {
                truth.add((long) data.groundTruth()[q][i]);
            }
            sum += recall(found, truth);
        }
        assertTrue(sum / QUERIES >= 0.97, "recall@10 at ef 64: " + sum / QUERIES);
    }

    @ParameterizedTest
    @Order(2)
    @CsvSource({"bucket < 1, 1000", "bucket < 10, 100", "bucket < 50, 64"})
    void theGraphPlanReachesTheExactFilteredAnswer(String filter, int ef) {
        double sum = 0;
        for (int q = 0; q < QUERIES; q++) {
            float[] query = data.queries().get(q);
            sum += recall(ids(filter, "index", query, ef), ids(filter, "bitmap", query, ef));
        }
        System.out.printf("%s: recall@10 of the graph plan at ef %d: %.4f%n", filter, ef, sum / QUERIES);
        assertTrue(sum / QUERIES >= 0.95, filter + ": recall@10 of the graph plan at ef " + ef + ": " + sum / QUERIES);
    }

    @Test
    @Order(3)
    void recallHoldsAfterDeletingThirtyPercent() {
        Random random = new Random(7);
        List<Object> doomed = new ArrayList<>();
        for (long id = 0; id < data.base().count(); id++) {
            if (random.nextDouble() < 0.3) {
                doomed.add(id);
            }
        }
        for (int from = 0; from < doomed.size(); from += 50_000) {
            glove.delete(doomed.subList(from, Math.min(doomed.size(), from + 50_000)));
        }
        assertEquals(data.base().count() - doomed.size(), glove.stats().rows());
        double sum = 0;
        for (int q = 0; q < QUERIES; q++) {
            float[] query = data.queries().get(q);
            // The exact answer over the survivors: the bitmap plan with a filter every row passes.
            sum += recall(ids("id >= 0", "index", query, 64), ids("id >= 0", "bitmap", query, 64));
        }
        assertTrue(sum / QUERIES >= 0.95, "recall@10 at ef 64 after deleting 30%: " + sum / QUERIES);
    }
}
