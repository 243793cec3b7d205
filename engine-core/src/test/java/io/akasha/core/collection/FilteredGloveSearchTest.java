package io.akasha.core.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.akasha.core.Akasha;
import io.akasha.core.dataset.DataDirectory;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.dataset.DatasetLoader;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.FloatVectors;

/**
 * Filtered exact search over all of glove100 (100,000 rows, cosine) through the engine's
 * public API: each row gets a seeded random attribute {@code bucket} in 0..99, filters pass
 * 1%, 10% and 50% of rows, and every answer must be the filtered top 10 that a plain double
 * precision loop over the passing rows finds. Only a genuine float tie (scores equal within
 * {@value #TIE_TOLERANCE}) may reorder two rows. The 1% and 10% filters take the bitmap plan,
 * the 50% one the index plan, over sealed segments of 30,000 rows and a growing one.
 */
class FilteredGloveSearchTest {

    private static final double TIE_TOLERANCE = 1e-6;
    private static final int QUERIES = 10;
    private static final int K = 10;

    private static Dataset data;
    private static Akasha akasha;
    private static Collection glove;
    private static int[] bucket;
    private static double[] norms;

    @BeforeAll
    static void load() throws IOException {
        Path dir = DataDirectory.resolve();
        assumeTrue(DatasetLoader.exists(dir, "glove100"),
                "data set glove100 not found in " + dir + "; " + DataDirectory.howToConfigure());
        data = DatasetLoader.load(dir, "glove100");
        FloatVectors base = data.base();
        Random random = new Random(42);
        bucket = new int[base.count()];
        norms = new double[base.count()];
        akasha = Akasha.inMemory(io.akasha.core.AkashaOptions.defaults().withSegmentRows(30_000));
        glove = akasha.createCollection("glove", CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", base.dim(), data.similarity()))
                .field(Field.int32("bucket"))
                .build());
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < base.count(); i++) {
            float[] v = base.get(i);
            bucket[i] = random.nextInt(100);
            double n = 0;
            for (float x : v) {
                n += (double) x * x;
            }
            norms[i] = Math.sqrt(n);
            Map<String, Object> row = new HashMap<>();
            row.put("id", (long) i);
            row.put("v", v);
            row.put("bucket", bucket[i]);
            batch.add(row);
            if (batch.size() == 10_000 || i == base.count() - 1) {
                glove.insert(batch);
                batch = new ArrayList<>();
            }
            if (i == 90_000 - 1) {
                glove.flush();
            }
        }
        // Deleted rows in a sealed segment must not come back.
        glove.delete(List.of(0L, 1L, 2L));
        bucket[0] = bucket[1] = bucket[2] = -1;
    }

    @AfterAll
    static void close() {
        if (akasha != null) {
            akasha.close();
            data.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"bucket < 1, 1", "bucket < 10, 10", "bucket < 50, 50"})
    void filteredSearchReturnsTheFilteredGroundTruth(String filter, int passingBuckets) {
        assertEquals(IntStream.range(0, bucket.length).filter(i -> bucket[i] >= 0 && bucket[i] < passingBuckets).count(),
                glove.query(QueryRequest.builder().filter(filter).outputFields(QueryRequest.COUNT).build())
                        .getFirst().get(QueryRequest.COUNT));
        int exact = 0;
        int ties = 0;
        for (int q = 0; q < QUERIES; q++) {
            float[] query = data.queries().get(q * 97);
            List<Hit> hits = glove.search(SearchRequest.builder().vector(query).limit(K).filter(filter).build()).getFirst();
            List<Integer> truth = reference(query, passingBuckets);
            assertEquals(K, hits.size());
            for (int i = 0; i < K; i++) {
                int found = (int) (long) (Long) hits.get(i).id();
                assertTrue(bucket[found] >= 0 && bucket[found] < passingBuckets, filter + ": row " + found + " fails it");
                if (found == truth.get(i)) {
                    exact++;
                    continue;
                }
                double a = cosine(query, found);
                double b = cosine(query, truth.get(i));
                assertTrue(Math.abs(a - b) <= TIE_TOLERANCE, filter + ", query " + q + ", rank " + i + ": returned "
                        + found + " (" + a + ") instead of " + truth.get(i) + " (" + b + ")");
                ties++;
            }
        }
        assertTrue(exact >= QUERIES * K - 2, "only " + exact + " exact matches, " + ties + " ties");
    }

    private static List<Integer> reference(float[] query, int passingBuckets) {
        List<Integer> passing = new ArrayList<>();
        for (int i = 0; i < bucket.length; i++) {
            if (bucket[i] >= 0 && bucket[i] < passingBuckets) {
                passing.add(i);
            }
        }
        Map<Integer, Double> scores = new HashMap<>();
        passing.forEach(i -> scores.put(i, cosine(query, i)));
        return passing.stream().sorted(Comparator.<Integer>comparingDouble(scores::get).reversed()
                .thenComparing(Comparator.naturalOrder())).limit(K).toList();
    }

    private static double cosine(float[] query, int row) {
        float[] v = data.base().get(row);
        double dot = 0;
        double qq = 0;
        for (int d = 0; d < v.length; d++) {
            dot += (double) query[d] * v[d];
            qq += (double) query[d] * query[d];
        }
        return dot / (Math.sqrt(qq) * norms[row]);
    }
}
