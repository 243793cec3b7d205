package io.akasha.core.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaException;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.QueryRequest;
import io.akasha.core.collection.SearchRequest;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.DataType;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.IndexSpec;
import io.akasha.core.vector.Similarity;

/** A data directory keeps everything a closed engine had, and refuses a second opener. */
class DurableEngineTest {

    @TempDir
    Path dir;

    static CollectionSchema schema() {
        return CollectionSchema.builder()
                .field(Field.int64("id").asAutoIdPrimaryKey())
                .field(Field.floatVector("v", 3, Similarity.COSINE).withIndex(IndexSpec.of("FLAT", Map.of())))
                .field(Field.varchar("title", 20).asNullable())
                .field(Field.float32("price").withDefault(2.5f))
                .field(Field.json("meta").asNullable())
                .field(Field.array("tags", DataType.INT16, 3).asNullable())
                .enableDynamicField()
                .build();
    }

    private static List<String> contents(Collection c) {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> row : c.query(QueryRequest.builder().filter("id > 0").build())) {
            Map<String, Object> printable = new java.util.TreeMap<>(row);
            printable.put("v", java.util.Arrays.toString((float[]) row.get("v")));
            rows.add(printable.toString());
        }
        return rows;
    }

    @Test
    void everythingComesBackAfterReopening() {
        List<String> before;
        Map<String, Object> described;
        try (Akasha akasha = Akasha.open(dir, AkashaOptions.defaults().withSegmentRows(4))) {
            Collection docs = akasha.createCollection("docs", schema());
            docs.createPartition("archive");
            docs.insert(List.of(
                    Map.of("v", new float[] {3, 4, 0}, "title", "a", "meta", Map.of("k", List.of(1, 2.5, "x")),
                            "tags", List.of(1, 2), "extra", true),
                    Map.of("v", new float[] {0, 1, 0}, "title", "b"),
                    Map.of("v", new float[] {1, 1, 1}, "price", 9.75)));
            docs.insert("archive", List.of(Map.of("v", new float[] {1, 0, 0}, "title", "old")));
            docs.upsert(List.of(Map.of("id", 2L, "v", new float[] {0, 2, 0}, "title", "b2")));
            docs.delete(List.of(3L));
            docs.insert(List.of(Map.of("v", new float[] {5, 5, 5}, "title", "gone")));
            docs.deleteWhere("title == \"gone\"");
            docs.createScalarIndex("price");
            akasha.createCollection("dropped", schema()).insert(List.of(Map.of("v", new float[] {1, 2, 3})));
            akasha.dropCollection("dropped");
            before = contents(docs);
            described = Map.of("partitions", docs.listPartitions(), "indexes", docs.describe().scalarIndexedFields(),
                    "rows", docs.stats().rows());
        }
        try (Akasha akasha = Akasha.open(dir, AkashaOptions.defaults().withSegmentRows(4))) {
            assertEquals(List.of("docs"), akasha.listCollections());
            Collection docs = akasha.collection("docs");
            assertEquals(before, contents(docs));
            assertEquals(described, Map.of("partitions", docs.listPartitions(),
                    "indexes", docs.describe().scalarIndexedFields(), "rows", docs.stats().rows()));
            assertArrayEquals(new float[] {3, 4, 0}, (float[]) docs.get(List.of(1L)).getFirst().get("v"));
            assertEquals(true, docs.get(List.of(1L)).getFirst().get("extra"));
            assertEquals(List.of(6L), docs.insert(List.of(Map.of("v", new float[] {1, 2, 2}))).ids(),
                    "auto ids continue after the largest one ever assigned");
            List<Hit> hits = docs.search(SearchRequest.builder().vector(new float[] {0, 1, 0}).limit(1).build()).getFirst();
            assertEquals(2L, hits.getFirst().id());
            assertFalse(Files.exists(dir.resolve("collections/dropped")), "a dropped collection's files are gone");
        }
    }

    @Test
    void aDirectoryIsOpenedByOneEngineAtATime() {
        try (Akasha first = Akasha.open(dir)) {
            AkashaException e = assertThrows(AkashaException.class, () -> Akasha.open(dir));
            assertEquals(AkashaException.ErrorCode.UNAVAILABLE, e.code());
            assertEquals("data directory " + dir.toAbsolutePath() + " is already open in this process", e.getMessage());
        }
        Akasha.open(dir).close();
    }

    @Test
    void aTornLogTailIsDroppedAndEarlierWritesSurvive() throws IOException {
        try (Akasha akasha = Akasha.open(dir)) {
            akasha.createCollection("docs", schema()).insert(List.of(Map.of("v", new float[] {1, 0, 0})));
        }
        Path log = dir.resolve("collections/docs/wal/" + io.akasha.storage.DurableLog.fileName(1));
        Files.write(log, new byte[] {40, 0, 0, 0, 1, 2, 3, 4, 5, 6}, StandardOpenOption.APPEND);
        try (Akasha akasha = Akasha.open(dir)) {
            Collection docs = akasha.collection("docs");
            assertEquals(1, docs.stats().rows());
            docs.insert(List.of(Map.of("v", new float[] {0, 1, 0})));
        }
        try (Akasha akasha = Akasha.open(dir)) {
            assertEquals(2, akasha.collection("docs").stats().rows());
        }
    }

    @Test
    void leftoversOfAnUnfinishedCreateAreRemoved() throws IOException {
        Akasha.open(dir).close();
        Path orphan = dir.resolve("collections/half");
        Files.createDirectories(orphan);
        Files.write(orphan.resolve("wal.log"), new byte[] {1, 2, 3});
        try (Akasha akasha = Akasha.open(dir)) {
            assertEquals(List.of(), akasha.listCollections());
            assertFalse(Files.exists(orphan));
            akasha.createCollection("half", schema());
        }
    }

    @Test
    void anUnreadableCatalogIsReportedByName() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("catalog.json"), "{not json");
        AkashaException e = assertThrows(AkashaException.class, () -> Akasha.open(dir));
        assertTrue(e.getMessage().startsWith("cannot open data directory " + dir.toAbsolutePath() + ": "
                + dir.toAbsolutePath().resolve("catalog.json") + ": the catalog cannot be read"), e.getMessage());
        Files.delete(dir.resolve("catalog.json"));
        Akasha.open(dir).close();
    }
}
