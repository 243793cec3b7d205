package io.akasha.core.collection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.AkashaOptions;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.DataType;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;

class CollectionTest {

    private final Akasha akasha = Akasha.inMemory(AkashaOptions.defaults().withSegmentRows(64));

    @AfterEach
    void close() {
        akasha.close();
    }

    static CollectionSchema docsSchema(Similarity metric) {
        return CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", 4, metric))
                .field(Field.varchar("title", 32).asNullable())
                .field(Field.int32("year").withDefault(2000))
                .field(Field.float32("price").asNullable())
                .field(Field.bool("active").withDefault(true))
                .field(Field.json("meta").asNullable())
                .field(Field.array("tags", DataType.VARCHAR, 4).withMaxLength(16).asNullable())
                .enableDynamicField()
                .build();
    }

    static Map<String, Object> doc(long id, float[] v, Object... pairs) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("v", v);
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }

    @Test
    void getReturnsRowsAsInsertedWithDefaultsAndNulls() {
        Collection docs = akasha.createCollection("docs", docsSchema(Similarity.COSINE));
        float[] v = {3, 0, 4, 0};
        docs.insert(List.of(doc(1, v, "title", "first", "year", 1999, "meta", Map.of("a", List.of(1, 2)),
                "tags", List.of("x", "y"), "color", "red")));
        Map<String, Object> row = docs.get(List.of(1L)).getFirst();
        assertEquals(1L, row.get("id"));
        assertArrayEquals(v, (float[]) row.get("v"), "COSINE stores a normalized copy but returns the input");
        assertEquals("first", row.get("title"));
        assertEquals(1999, row.get("year"));
        assertNull(row.get("price"));
        assertEquals(true, row.get("active"));
        assertEquals(Map.of("a", List.of(1L, 2L)), row.get("meta"));
        assertEquals(List.of("x", "y"), row.get("tags"));
        assertEquals("red", row.get("color"), "dynamic keys come back beside the declared fields");
        assertEquals(List.of(), docs.get(List.of(2L)), "a missing key is simply absent");
    }

    @Test
    void searchReportsSquaredDistanceForL2AndSimilarityForIp() {
        Collection l2 = akasha.createCollection("l2", docsSchema(Similarity.L2));
        Collection ip = akasha.createCollection("ip", docsSchema(Similarity.IP));
        for (Collection c : List.of(l2, ip)) {
            c.insert(List.of(doc(1, new float[] {1, 0, 0, 0}), doc(2, new float[] {0, 2, 0, 0}),
                    doc(3, new float[] {1, 1, 0, 0})));
        }
        SearchRequest request = SearchRequest.builder().vector(new float[] {1, 0, 0, 0}).limit(3).build();
        List<Hit> near = l2.search(request).getFirst();
        assertEquals(List.of(1L, 3L, 2L), near.stream().map(Hit::id).toList());
        assertEquals(List.of(0f, 1f, 5f), near.stream().map(Hit::score).toList());
        List<Hit> similar = ip.search(request).getFirst();
        assertEquals(1f, similar.getFirst().score());
        assertEquals(0f, similar.get(2).score());
    }

    @Test
    void rangeSearchKeepsMilvusBoundsPerMetric() {
        Collection l2 = akasha.createCollection("l2", docsSchema(Similarity.L2));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(doc(i, new float[] {i, 0, 0, 0}));
        }
        l2.insert(rows);
        // distances to the origin are i^2: keep 4 <= d < 25, i.e. ids 2, 3, 4
        List<Hit> hits = l2.search(SearchRequest.builder().vector(new float[4]).limit(10)
                .parameter("radius", 25).parameter("range_filter", 4).build()).getFirst();
        assertEquals(List.of(2L, 3L, 4L), hits.stream().map(Hit::id).toList());

        Collection ip = akasha.createCollection("ip", docsSchema(Similarity.IP));
        ip.insert(rows);
        // similarity with (1,0,0,0) is i: keep 2 < s <= 5
        List<Hit> similar = ip.search(SearchRequest.builder().vector(new float[] {1, 0, 0, 0}).limit(10)
                .parameter("radius", 2).parameter("range_filter", 5).build()).getFirst();
        assertEquals(List.of(5L, 4L, 3L), similar.stream().map(Hit::id).toList());
    }

    @Test
    void searchSpansGrowingAndSealedSegmentsAndMatchesBruteForce() {
        Collection docs = akasha.createCollection("docs", docsSchema(Similarity.L2));
        Random random = new Random(7);
        List<float[]> vectors = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                float[] v = {random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat()};
                vectors.add(v);
                rows.add(doc(vectors.size() - 1, v, "year", vectors.size() % 7));
            }
            docs.insert(rows);
        }
        docs.flush();
        docs.insert(List.of(doc(1000, new float[] {0.5f, 0.5f, 0.5f, 0.5f}, "year", 3)));
        vectors.add(new float[] {0.5f, 0.5f, 0.5f, 0.5f});
        CollectionStats stats = docs.stats();
        assertEquals(251, stats.rows());
        assertTrue(stats.sealedSegments() >= 3, "segments of 64 rows seal as the rows arrive: " + stats);
        float[] q = {0.3f, 0.6f, 0.1f, 0.9f};
        List<Hit> hits = docs.search(SearchRequest.builder().vector(q).limit(7).filter("year == 3").build()).getFirst();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            long id = i == 250 ? 1000 : i;
            if ((i == 250 ? 3 : (i + 1) % 7) == 3) {
                expected.add(id);
            }
        }
        expected.sort((a, b) -> Float.compare(dist(q, vectors.get(index(a))), dist(q, vectors.get(index(b)))));
        assertEquals(expected.subList(0, 7), hits.stream().map(Hit::id).toList());
        for (String plan : List.of("bitmap", "index", "auto")) {
            List<Hit> planned = docs.search(SearchRequest.builder().vector(q).limit(7).filter("year == 3")
                    .parameter("filter_plan", plan).build()).getFirst();
            assertEquals(expected.subList(0, 7), planned.stream().map(Hit::id).toList(), plan + " plan");
        }
    }

    private static int index(long id) {
        return id == 1000 ? 250 : (int) id;
    }

    private static float dist(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    @Test
    void upsertReplacesAndDeleteRemoves() {
        Collection docs = akasha.createCollection("docs", docsSchema(Similarity.L2));
        docs.insert(List.of(doc(1, new float[] {1, 0, 0, 0}, "title", "old"), doc(2, new float[] {0, 1, 0, 0})));
        AkashaException duplicate = assertThrows(AkashaException.class,
                () -> docs.insert(List.of(doc(1, new float[] {1, 0, 0, 0}))));
        assertEquals(AkashaException.ErrorCode.ALREADY_EXISTS, duplicate.code());
        docs.upsert(List.of(doc(1, new float[] {0, 0, 1, 0}, "title", "new")));
        assertEquals("new", docs.get(List.of(1L)).getFirst().get("title"));
        assertEquals(2, docs.stats().rows());
        List<Hit> hits = docs.search(SearchRequest.builder().vector(new float[] {1, 0, 0, 0}).limit(5).build()).getFirst();
        assertEquals(2, hits.size(), "the replaced version is gone from search");
        assertEquals(1, docs.delete(List.of(2L, 99L)));
        assertEquals(List.of(1L), docs.query(QueryRequest.builder().filter("id > 0").build()).stream()
                .map(r -> r.get("id")).toList());
        assertEquals(1, docs.deleteWhere("title == \"new\""));
        assertEquals(List.of(Map.of("count(*)", 0L)),
                docs.query(QueryRequest.builder().outputFields("count(*)").build()));
    }

    @Test
    void autoIdAssignsIncreasingKeys() {
        Collection auto = akasha.createCollection("auto", CollectionSchema.builder()
                .field(Field.int64("pk").asAutoIdPrimaryKey())
                .field(Field.floatVector("v", 2, Similarity.L2)).build());
        WriteResult result = auto.insert(List.of(Map.of("v", new float[] {1, 2}), Map.of("v", new float[] {3, 4})));
        assertEquals(List.of(1L, 2L), result.ids());
        AkashaException given = assertThrows(AkashaException.class,
                () -> auto.insert(List.of(Map.of("pk", 5L, "v", new float[] {1, 2}))));
        assertTrue(given.getMessage().contains("auto-id"), given.getMessage());
    }

    @Test
    void queryPagesWithLimitAndOffsetAndCounts() {
        Collection docs = akasha.createCollection("docs", docsSchema(Similarity.L2));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(doc(i, new float[] {i, 0, 0, 0}, "year", i % 10));
        }
        docs.insert(rows);
        List<Map<String, Object>> page = docs.query(QueryRequest.builder().filter("year == 3").outputFields("year")
                .limit(5).offset(2).build());
        assertEquals(List.of(23L, 33L, 43L, 53L, 63L), page.stream().map(r -> r.get("id")).toList());
        assertEquals(Map.of("id", 23L, "year", 3), page.getFirst());
        assertEquals(20L, docs.query(QueryRequest.builder().filter("year == 3").outputFields("count(*)").build())
                .getFirst().get("count(*)"));
    }

    @Test
    void partitionsHoldTheirOwnRows() {
        Collection docs = akasha.createCollection("docs", docsSchema(Similarity.L2));
        docs.createPartition("archive");
        docs.insert(List.of(doc(1, new float[] {1, 0, 0, 0})));
        docs.insert("archive", List.of(doc(2, new float[] {1, 0, 0, 0})));
        SearchRequest inArchive = SearchRequest.builder().vector(new float[] {1, 0, 0, 0}).partitions("archive").build();
        assertEquals(List.of(2L), docs.search(inArchive).getFirst().stream().map(Hit::id).toList());
        assertEquals(List.of("_default", "archive"), docs.listPartitions());
        docs.dropPartition("archive");
        assertFalse(docs.hasPartition("archive"));
        assertEquals(List.of(), docs.get(List.of(2L)));
        assertEquals(1, docs.stats().rows());
    }

    @Test
    void partitionKeySpreadsRowsAndFiltersFindThem() {
        Collection tenants = akasha.createCollection("tenants", CollectionSchema.builder()
                .field(Field.varchar("id", 16).asPrimaryKey())
                .field(Field.int64("tenant").asPartitionKey())
                .field(Field.floatVector("v", 2, Similarity.L2))
                .partitionKeyPartitions(4).build());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(Map.of("id", "r" + i, "tenant", (long) (i % 5), "v", new float[] {i, 0}));
        }
        tenants.insert(rows);
        assertEquals(4, tenants.listPartitions().size());
        List<Hit> hits = tenants.search(SearchRequest.builder().vector(new float[] {0, 0}).limit(3)
                .filter("tenant == 2").build()).getFirst();
        assertEquals(List.of("r2", "r7", "r12"), hits.stream().map(Hit::id).toList());
        AkashaException named = assertThrows(AkashaException.class,
                () -> tenants.search(SearchRequest.builder().vector(new float[] {0, 0}).partitions("_default_0").build()));
        assertTrue(named.getMessage().contains("partition key"), named.getMessage());
    }

    @Test
    void scalarIndexGivesTheSameAnswersAsAScan() {
        Collection docs = akasha.createCollection("docs", docsSchema(Similarity.L2));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(doc(i, new float[] {i, 0, 0, 0}, "year", i % 13, "title", i % 3 == 0 ? null : "t" + (i % 4),
                    "price", i * 0.5));
        }
        docs.insert(rows);
        List<String> filters = List.of("year == 4", "year < 3", "year >= 11", "not (year > 2)", "year != 5",
                "title == \"t1\"", "title != \"t1\"", "not (title == \"t2\")", "price > 100", "price <= 3.5",
                "year in [1, 2]");
        Map<String, List<Object>> scanned = new HashMap<>();
        for (String filter : filters) {
            scanned.put(filter, ids(docs, filter));
        }
        docs.flush();
        docs.createScalarIndex("year");
        docs.createScalarIndex("title");
        docs.createScalarIndex("price");
        for (String filter : filters) {
            assertEquals(scanned.get(filter), ids(docs, filter), filter);
        }
        assertTrue(docs.stats().indexMemoryBytes().get("year") > 0);
    }

    private static List<Object> ids(Collection c, String filter) {
        return c.query(QueryRequest.builder().filter(filter).outputFields("id").build()).stream()
                .map(r -> r.get("id")).sorted().toList();
    }

    @Test
    void droppedCollectionRefusesCalls() {
        Collection docs = akasha.createCollection("docs", docsSchema(Similarity.L2));
        akasha.dropCollection("docs");
        AkashaException e = assertThrows(AkashaException.class, () -> docs.get(List.of(1L)));
        assertEquals(AkashaException.ErrorCode.UNAVAILABLE, e.code());
        assertEquals(AkashaException.ErrorCode.NOT_FOUND,
                assertThrows(AkashaException.class, () -> akasha.collection("docs")).code());
    }
}
