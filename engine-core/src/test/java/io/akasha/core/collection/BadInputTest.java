package io.akasha.core.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.AkashaException.ErrorCode;
import io.akasha.core.AkashaOptions;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.DataType;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;

/**
 * Every kind of bad input gets a precise error, and the collection is exactly as it was: each
 * rejected batch carries valid rows before the bad one, which must not have been applied.
 */
class BadInputTest {

    Akasha akasha;
    Collection docs;

    /** The engine under test: in memory here, in a data directory in {@link DurableBadInputTest}. */
    Akasha engine(AkashaOptions options) {
        return Akasha.inMemory(options);
    }

    @BeforeEach
    void load() {
        akasha = engine(AkashaOptions.defaults().withSegmentRows(8));
        docs = akasha.createCollection("docs", CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", 3, Similarity.COSINE))
                .field(Field.varchar("title", 5))
                .field(Field.int8("small").asNullable())
                .field(Field.array("tags", DataType.INT32, 2).asNullable())
                .field(Field.float32("score").withDefault(1.5f))
                .build());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(row(i));
        }
        docs.insert(rows);
    }

    @AfterEach
    void close() {
        akasha.close();
    }

    private static Map<String, Object> row(long id) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("v", new float[] {1, id, 2});
        row.put("title", "t" + id % 10);
        return row;
    }

    /** A batch of good rows 100, 101 followed by row 102 changed by {@code spoil}. */
    private static List<Map<String, Object>> batchEndingWith(Consumer<Map<String, Object>> spoil) {
        Map<String, Object> bad = row(102);
        spoil.accept(bad);
        return List.of(row(100), row(101), bad);
    }

    private void assertRejectedUnchanged(ErrorCode code, String message, Executable call) {
        List<String> before = contents();
        AkashaException e = assertThrows(AkashaException.class, call);
        assertEquals(message, e.getMessage());
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(before, contents(), "a rejected call changed the collection");
    }

    List<String> contents() {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> r : docs.query(QueryRequest.builder().filter("id >= 0").build())) {
            Map<String, Object> printable = new HashMap<>(r);
            printable.put("v", Arrays.toString((float[]) r.get("v")));
            rows.add(new java.util.TreeMap<>(printable).toString());
        }
        rows.add("rows=" + docs.stats().rows());
        return rows;
    }

    @Test
    void insertsThatBreakTheSchemaChangeNothing() {
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'v': expected a vector of dimension 3, got 2",
                () -> docs.insert(batchEndingWith(r -> r.put("v", new float[] {1, 2}))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'v': vector component 1 is NaN; components must be finite",
                () -> docs.insert(batchEndingWith(r -> r.put("v", new float[] {1, Float.NaN, 2}))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'v': vector component 2 is Infinity; components must be finite",
                () -> docs.insert(batchEndingWith(r -> r.put("v", new float[] {1, 2, Float.POSITIVE_INFINITY}))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'v': a zero vector has no direction, so COSINE is undefined for it",
                () -> docs.insert(batchEndingWith(r -> r.put("v", new float[3]))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'title': expected VARCHAR, got Integer 7",
                () -> docs.insert(batchEndingWith(r -> r.put("title", 7))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'title': the string is longer than the max length 5 (UTF-8 bytes)",
                () -> docs.insert(batchEndingWith(r -> r.put("title", "éééé"))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'small': 300 is out of range for INT8 (-128..127)",
                () -> docs.insert(batchEndingWith(r -> r.put("small", 300))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'small': expected INT8, got Double 1.5",
                () -> docs.insert(batchEndingWith(r -> r.put("small", 1.5))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'score': NaN is not a finite number",
                () -> docs.insert(batchEndingWith(r -> r.put("score", Double.NaN))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'tags': 3 elements exceed the max capacity 2",
                () -> docs.insert(batchEndingWith(r -> r.put("tags", List.of(1, 2, 3)))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'tags' element 1: expected INT32, got String \"x\"",
                () -> docs.insert(batchEndingWith(r -> r.put("tags", List.of(1, "x")))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'title' is missing (it is not nullable and has no default)",
                () -> docs.insert(batchEndingWith(r -> r.remove("title"))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'v': a vector is required",
                () -> docs.insert(batchEndingWith(r -> r.remove("v"))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'id' is missing (the primary key)",
                () -> docs.insert(batchEndingWith(r -> r.remove("id"))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'colour' is not in the schema and the collection has no dynamic field",
                () -> docs.insert(batchEndingWith(r -> r.put("colour", "red"))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "rows 0 and 2 have the same primary key 100; a batch may hold each key once",
                () -> docs.insert(batchEndingWith(r -> r.put("id", 100L))));
        assertRejectedUnchanged(ErrorCode.ALREADY_EXISTS,
                "row 2: primary key 5 already exists; use upsert to replace it",
                () -> docs.insert(batchEndingWith(r -> r.put("id", 5L))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: the row is null",
                () -> docs.insert(Arrays.asList(row(100), row(101), null)));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT, "the batch has no rows", () -> docs.insert(List.of()));
        assertRejectedUnchanged(ErrorCode.NOT_FOUND, "collection 'docs' has no partition 'nope'",
                () -> docs.insert("nope", List.of(row(100))));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "row 2: field 'v': expected a vector of dimension 3, got 4",
                () -> docs.upsert(batchEndingWith(r -> r.put("v", new float[] {1, 2, 3, 4}))));
    }

    @Test
    void oversizedRequestsAreRefusedBeforeAnyWork() {
        List<Map<String, Object>> huge = new ArrayList<>();
        for (int i = 0; i <= Limits.MAX_BATCH_ROWS; i++) {
            huge.add(row(1000 + i));
        }
        assertRejectedUnchanged(ErrorCode.RESOURCE_EXHAUSTED, "the batch has 100001 rows; the limit is 100000 per call",
                () -> docs.insert(huge));
        assertRejectedUnchanged(ErrorCode.RESOURCE_EXHAUSTED, "limit + offset is 16385; the limit is 16384",
                () -> docs.search(SearchRequest.builder().vector(new float[] {1, 1, 1}).limit(16_000).offset(385).build()));
        List<float[]> queries = new ArrayList<>();
        for (int i = 0; i <= Limits.MAX_QUERY_VECTORS; i++) {
            queries.add(new float[] {1, 1, 1});
        }
        assertRejectedUnchanged(ErrorCode.RESOURCE_EXHAUSTED, "16385 query vectors; the limit is 16384 per search",
                () -> docs.search(SearchRequest.builder().vectors(queries).build()));
        assertRejectedUnchanged(ErrorCode.RESOURCE_EXHAUSTED, "limit + offset is 20000; the limit is 16384",
                () -> docs.query(QueryRequest.builder().filter("id > 0").limit(20_000).build()));
    }

    @Test
    void badReadsNameTheProblem() {
        SearchRequest.Builder ok = SearchRequest.builder().vector(new float[] {1, 2, 3});
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT, "query vector 0: expected a vector of dimension 3, got 2",
                () -> docs.search(SearchRequest.builder().vector(new float[] {1, 2}).build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "query vector 1: vector component 0 is NaN; components must be finite",
                () -> docs.search(SearchRequest.builder().vector(new float[] {1, 2, 3})
                        .vector(new float[] {Float.NaN, 0, 0}).build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "query vector 0: a zero vector has no direction, so COSINE is undefined for it",
                () -> docs.search(SearchRequest.builder().vector(new float[3]).build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT, "limit (top-k) must be at least 1, got 0",
                () -> docs.search(ok.limit(0).build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "'title' is not a vector field of collection 'docs'; the vector fields are [v]",
                () -> docs.search(SearchRequest.builder().vector(new float[] {1, 2, 3}).vectorField("title").build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "field 'v': unknown search parameter 'ef' for the flat index; it takes none (the engine itself takes "
                        + "radius, range_filter and filter_plan)",
                () -> docs.search(SearchRequest.builder().vector(new float[] {1, 2, 3}).parameter("ef", 64).build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "for COSINE, range_filter must be above radius (radius < similarity <= range_filter), got radius 0.8 "
                        + "and range_filter 0.5",
                () -> docs.search(SearchRequest.builder().vector(new float[] {1, 2, 3}).parameter("radius", 0.8)
                        .parameter("range_filter", 0.5).build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "search parameter 'filter_plan' must be auto, bitmap or index, got 'graph'",
                () -> docs.search(SearchRequest.builder().vector(new float[] {1, 2, 3}).filter("id > 3")
                        .parameter("filter_plan", "graph").build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "search parameter 'radius' must be a finite number, got String \"far\"",
                () -> docs.search(SearchRequest.builder().vector(new float[] {1, 2, 3}).parameter("radius", "far").build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "unknown output field 'colour'; the fields are [id, v, title, small, tags, score]",
                () -> docs.search(SearchRequest.builder().vector(new float[] {1, 2, 3}).outputFields("colour").build()));
        assertRejectedUnchanged(ErrorCode.NOT_FOUND, "collection 'docs' has no partition 'p9'",
                () -> docs.search(SearchRequest.builder().vector(new float[] {1, 2, 3}).partitions("p9").build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "invalid filter at position 8: expected a field, a literal, a list, a function call or '(', found end "
                        + "of expression\n  title ==\n          ^",
                () -> docs.search(SearchRequest.builder().vector(new float[] {1, 2, 3}).filter("title ==").build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT, "a query without a filter needs a limit",
                () -> docs.query(QueryRequest.builder().build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT, "count(*) counts every match: it takes no limit or offset",
                () -> docs.query(QueryRequest.builder().outputFields("count(*)").limit(3).build()));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT, "primary key 'id' is INT64, got String \"7\"",
                () -> docs.get(List.of("7")));
    }

    @Test
    void badDeletesChangeNothing() {
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT, "primary key 'id' is INT64, got String \"x\"",
                () -> docs.delete(List.of(1L, 2L, "x")));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "invalid filter at position 0: unknown field 'nope'; the fields are id, title, small, tags, score\n"
                        + "  nope > 1\n  ^",
                () -> docs.deleteWhere("nope > 1"));
        assertRejectedUnchanged(ErrorCode.INVALID_ARGUMENT,
                "delete needs a filter; to delete everything, drop the collection", () -> docs.deleteWhere(" "));
    }

    @Test
    void missingAndDuplicateCollectionsAndBadSchemas() {
        assertEquals("no collection 'ghost'",
                assertThrows(AkashaException.class, () -> akasha.collection("ghost")).getMessage());
        assertEquals(ErrorCode.ALREADY_EXISTS, assertThrows(AkashaException.class,
                () -> akasha.createCollection("docs", docs.schema())).code());
        assertEquals("collection name '9lives' is not valid: use a letter or '_' then letters, digits or '_' (at most 255)",
                assertThrows(AkashaException.class, () -> akasha.createCollection("9lives", docs.schema())).getMessage());
        assertEquals("a schema needs exactly one primary key field, found 0",
                assertThrows(AkashaException.class, () -> CollectionSchema.builder()
                        .field(Field.floatVector("v", 3, Similarity.L2)).build()).getMessage());
        assertEquals("field 'v': dimension must be in 1..32768, got 0",
                assertThrows(AkashaException.class, () -> CollectionSchema.builder().field(Field.int64("id").asPrimaryKey())
                        .field(Field.floatVector("v", 0, Similarity.L2)).build()).getMessage());
        assertEquals("field 'v': the flat index has no build parameter 'M'; it takes none",
                assertThrows(AkashaException.class, () -> akasha.createCollection("other", CollectionSchema.builder()
                        .field(Field.int64("id").asPrimaryKey())
                        .field(Field.floatVector("v", 3, Similarity.L2).withIndex(
                                io.akasha.core.schema.IndexSpec.of("FLAT", Map.of("M", "16")))).build())).getMessage());
        assertEquals("field 'n': 300 is out of range for INT8 (-128..127)",
                assertThrows(AkashaException.class, () -> CollectionSchema.builder().field(Field.int64("id").asPrimaryKey())
                        .field(Field.floatVector("v", 3, Similarity.L2)).field(Field.int8("n").withDefault(300)).build())
                        .getMessage());
        assertEquals(List.of("docs"), akasha.listCollections(), "failed creations leave nothing behind");
    }
}
