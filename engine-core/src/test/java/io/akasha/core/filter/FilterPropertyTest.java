package io.akasha.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.QueryRequest;
import io.akasha.core.collection.SearchRequest;
import io.akasha.core.schema.DataType;
import io.akasha.core.vector.Similarity;

/**
 * Random schemas, rows and filter expressions: {@code query} and filtered exact {@code search}
 * must select exactly what a straightforward reference evaluation selects, across growing and
 * sealed segments, deleted rows and scalar indexes. Seeded and reproducible: a failure names
 * its seed and expression.
 */
class FilterPropertyTest {

    private static final int SCHEMAS = 60;
    private static final int EXPRESSIONS_PER_SCHEMA = 80;
    private static final long SEED = Long.getLong("akasha.property.seed", 20261121L);

    @Test
    void queryAndFilteredSearchAgreeWithTheReference() {
        int cases = 0;
        for (int s = 0; s < SCHEMAS; s++) {
            long seed = SEED + s;
            cases += runSchema(seed);
        }
        assertTrue(cases >= SCHEMAS * EXPRESSIONS_PER_SCHEMA, "ran " + cases + " cases");
    }

    private int runSchema(long seed) {
        Random random = new Random(seed);
        RandomSchemas.Shape shape = RandomSchemas.shape(random);
        AkashaOptions options = AkashaOptions.defaults().withSegmentRows(20 + random.nextInt(80)).withIndexThreads(1);
        try (Akasha akasha = Akasha.inMemory(options)) {
            Collection collection = akasha.createCollection("c", shape.schema());
            List<RandomSchemas.Row> rows = new ArrayList<>();
            int total = 100 + random.nextInt(200);
            while (rows.size() < total) {
                List<RandomSchemas.Row> batch = new ArrayList<>();
                for (int i = 0, n = 1 + random.nextInt(60); i < n; i++) {
                    batch.add(RandomSchemas.row(random, shape, rows.size() + batch.size()));
                }
                collection.insert(batch.stream().map(RandomSchemas.Row::input).toList());
                rows.addAll(batch);
                if (random.nextInt(4) == 0) {
                    collection.flush();
                }
            }
            List<Long> deleted = new ArrayList<>();
            for (int i = 0; i < total / 10; i++) {
                deleted.add((long) random.nextInt(total));
            }
            collection.delete(deleted);
            rows.removeIf(r -> deleted.contains((Long) r.reference().get("id")));
            for (String field : shape.fields()) {
                if (!List.of("j", "ai", "as").contains(field) && random.nextBoolean()) {
                    collection.createScalarIndex(field);
                }
            }
            ReferenceFilters filters = new ReferenceFilters(random, shape);
            for (int e = 0; e < EXPRESSIONS_PER_SCHEMA; e++) {
                ReferenceFilters.Cond condition = filters.condition(3);
                String context = "seed " + seed + ", schema " + shape + ", filter: " + condition.text();
                List<RandomSchemas.Row> expected = rows.stream()
                        .filter(r -> condition.truth().applyAsInt(r.reference()) == ReferenceFilters.TRUE).toList();
                try {
                    checkQuery(collection, condition.text(), expected, context);
                    if (e % 4 == 0) {
                        checkSearch(collection, shape.metric(), condition.text(), expected, random, context);
                    }
                } catch (FilterException ex) {
                    fail(context + " was rejected: " + ex.getMessage());
                }
            }
        }
        return EXPRESSIONS_PER_SCHEMA;
    }

    private static void checkQuery(Collection collection, String filter, List<RandomSchemas.Row> expected, String context) {
        List<Object> actual = collection.query(QueryRequest.builder().filter(filter).outputFields("id").build())
                .stream().map(r -> r.get("id")).sorted().toList();
        List<Object> wanted = expected.stream().map(r -> r.reference().get("id")).sorted().collect(Collectors.toList());
        assertEquals(wanted, actual, context);
        assertEquals((long) wanted.size(), collection.query(QueryRequest.builder().filter(filter)
                .outputFields(QueryRequest.COUNT).build()).getFirst().get(QueryRequest.COUNT), context);
    }

    private static void checkSearch(Collection collection, Similarity metric, String filter,
                                    List<RandomSchemas.Row> expected, Random random, String context) {
        float[] query = new float[RandomSchemas.DIM];
        for (int i = 0; i < query.length; i++) {
            query[i] = random.nextFloat() * 2 - 1;
        }
        int k = 1 + random.nextInt(8);
        List<Hit> hits = collection.search(SearchRequest.builder().vector(query).limit(k).filter(filter).build()).getFirst();
        Map<Object, Double> scores = expected.stream().collect(Collectors.toMap(r -> r.reference().get("id"),
                r -> score(metric, query, r.vector())));
        List<Double> best = scores.values().stream().sorted(Comparator.reverseOrder()).limit(k).toList();
        assertEquals(best.size(), hits.size(), context);
        for (int i = 0; i < hits.size(); i++) {
            Double score = scores.get(hits.get(i).id());
            assertTrue(score != null, context + ": hit " + hits.get(i).id() + " does not pass the filter");
            assertEquals(best.get(i), score, 1e-5, context + ": hit " + i + " is not the next best row");
        }
    }

    /** Larger is better, in double precision. */
    static double score(Similarity metric, float[] q, float[] v) {
        double dot = 0;
        double qq = 0;
        double vv = 0;
        double l2 = 0;
        for (int i = 0; i < q.length; i++) {
            dot += (double) q[i] * v[i];
            qq += (double) q[i] * q[i];
            vv += (double) v[i] * v[i];
            l2 += ((double) q[i] - v[i]) * ((double) q[i] - v[i]);
        }
        return switch (metric) {
            case L2 -> -l2;
            case IP -> dot;
            case COSINE -> dot / Math.sqrt(qq * vv);
        };
    }

    @Test
    void everyGeneratedKindOfFieldIsCovered() {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (int s = 0; s < SCHEMAS; s++) {
            seen.addAll(RandomSchemas.shape(new Random(SEED + s)).fields());
        }
        assertEquals(java.util.Set.of("b", "i8", "i32", "i64", "f", "d", "s", "j", "ai", "as"), seen,
                "the seeds cover every " + DataType.class.getSimpleName() + " the generator knows");
    }
}
