package io.akasha.core.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.AkashaOptions;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;

/**
 * A search of many vectors, whose queries run on several threads, answers each vector as a
 * search of that vector alone does, in the order given, across segments, with a filter and an
 * offset; and a passed deadline still ends it with DEADLINE_EXCEEDED.
 */
class MultiVectorSearchTest {

    private static final int DIM = 8;

    @Test
    void aBatchAnswersEachVectorAsASearchOfItAloneDoes() {
        Random random = new Random(11);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long id = 0; id < 600; id++) {
            rows.add(Map.of("id", id, "v", vector(random), "group", (int) (id % 5)));
        }
        List<float[]> queries = new ArrayList<>();
        for (int q = 0; q < 64; q++) {
            queries.add(vector(random));
        }
        for (int threads : new int[] {0, 3}) {
            try (Akasha engine = Akasha.inMemory(AkashaOptions.defaults().withSegmentRows(100)
                    .withSearchThreads(threads))) {
                Collection docs = load(engine, rows);
                List<List<Hit>> alone = new ArrayList<>();
                for (float[] query : queries) {
                    alone.add(docs.search(request(List.of(query))).getFirst());
                }
                List<List<Hit>> batched = docs.search(request(queries));
                assertEquals(queries.size(), batched.size());
                for (int q = 0; q < queries.size(); q++) {
                    assertSameHits(alone.get(q), batched.get(q), threads + " search threads, query " + q);
                }
                AkashaException late = assertThrows(AkashaException.class, () -> docs.search(SearchRequest.builder()
                        .vectors(queries).deadline(Instant.now().minusMillis(1)).build()));
                assertEquals(AkashaException.ErrorCode.DEADLINE_EXCEEDED, late.code());
            }
        }
    }

    @Test
    void aNegativeThreadCountIsRefusedByName() {
        AkashaException e = assertThrows(AkashaException.class, () -> AkashaOptions.defaults().withSearchThreads(-1));
        assertEquals("searchThreads must be 0 or more, got -1", e.getMessage());
    }

    /**
     * Same rows, fields and order; scores equal to float rounding (the first searches may run
     * before the JIT has compiled the SIMD kernels, whose fused multiply-adds round differently).
     */
    private static void assertSameHits(List<Hit> expected, List<Hit> actual, String what) {
        assertEquals(expected.stream().map(Hit::id).toList(), actual.stream().map(Hit::id).toList(), what);
        assertEquals(expected.stream().map(Hit::fields).toList(), actual.stream().map(Hit::fields).toList(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).score(), actual.get(i).score(), 1e-5, what);
        }
    }

    private static Collection load(Akasha engine, List<Map<String, Object>> rows) {
        Collection docs = engine.createCollection("docs", CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", DIM, Similarity.L2))
                .field(Field.int32("group"))
                .build());
        docs.insert(rows);
        docs.flush();
        return docs;
    }

    private static SearchRequest request(List<float[]> vectors) {
        return SearchRequest.builder().vectors(vectors).limit(5).offset(2).filter("group != 3")
                .outputFields("group").build();
    }

    private static float[] vector(Random random) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = random.nextFloat();
        }
        return v;
    }
}
