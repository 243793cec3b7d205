package io.akasha.core.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.QueryRequest;
import io.akasha.core.collection.SearchRequest;
import io.akasha.storage.DurableLog;
import io.akasha.storage.FileHeader;

/**
 * Checkpoints: sealed segments saved to files, the log truncated, and a reopened collection
 * (segments mapped from files, then the log since the checkpoint replayed) equal to the one
 * that was closed, row for row and hit for hit.
 */
class CheckpointTest {

    private static final AkashaOptions OPTIONS = AkashaOptions.defaults().withSegmentRows(64);

    @TempDir
    Path dir;

    static Map<String, Object> row(Random random, String title) {
        return Map.of("v", new float[] {random.nextFloat(), random.nextFloat(), random.nextFloat()},
                "title", title, "meta", Map.of("n", (long) random.nextInt(5)), "tags", List.of(random.nextInt(9)),
                "extra", random.nextInt(3));
    }

    /** Every row by id (with vectors printed) and the hits of a few searches, filtered and not. */
    static List<String> state(Collection c) {
        Map<Long, String> rows = new java.util.TreeMap<>();
        for (Map<String, Object> row : c.query(QueryRequest.builder().filter("id > 0").outputFields("*").build())) {
            Map<String, Object> printable = new java.util.TreeMap<>(row);
            printable.put("v", java.util.Arrays.toString((float[]) row.get("v")));
            rows.put((Long) row.get("id"), printable.toString());
        }
        List<String> out = new ArrayList<>(rows.values());
        Random random = new Random(9);
        for (int q = 0; q < 5; q++) {
            float[] query = {random.nextFloat(), random.nextFloat(), random.nextFloat()};
            for (String filter : new String[] {"", "meta[\"n\"] >= 2", "title like \"u%\""}) {
                SearchRequest.Builder request = SearchRequest.builder().vector(query).limit(7);
                if (!filter.isEmpty()) {
                    request.filter(filter);
                }
                for (Hit hit : c.search(request.build()).getFirst()) {
                    out.add(q + filter + " " + hit.id() + " " + hit.score());
                }
            }
        }
        out.add("rows=" + c.stats().rows());
        return out;
    }

    private List<Path> files(String glob) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            java.nio.file.PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
            return walk.filter(p -> matcher.matches(p.getFileName())).sorted().toList();
        }
    }

    @Test
    void aReopenedCollectionEqualsTheClosedOneAcrossCheckpointsAndLogTails() throws IOException {
        Random random = new Random(1);
        List<String> expected;
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            Collection docs = akasha.createCollection("docs", DurableEngineTest.schema());
            docs.createPartition("archive");
            for (int batch = 0; batch < 10; batch++) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    rows.add(row(random, "t" + batch));
                }
                docs.insert(batch % 3 == 0 ? "archive" : null, rows);
            }
            docs.delete(List.of(3L, 70L, 150L));
            docs.flush();
            List<Path> logs = files("wal-*.log");
            assertEquals(1, logs.size(), "the log before the checkpoint is deleted: " + logs);
            assertEquals(FileHeader.SIZE, Files.size(logs.getFirst()), "and the new generation is empty");
            assertTrue(files("data.aks").size() >= 4, "sealed segments are in files: " + files("data.aks"));
            // After the checkpoint: changes to saved segments and new rows, in the log only.
            docs.upsert(List.of(Map.of("id", 5L, "v", new float[] {9, 9, 9}, "title", "upserted")));
            docs.delete(List.of(100L, 200L));
            docs.deleteWhere("title == \"t4\"");
            docs.insert(List.of(row(random, "u1"), row(random, "u2")));
            docs.createScalarIndex("price");
            expected = state(docs);
        }
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            Collection docs = akasha.collection("docs");
            assertEquals(expected, state(docs), "segments from files plus the replayed log tail");
            docs.flush();
            assertEquals(expected, state(docs));
            assertTrue(files("deletes-*.bin").size() >= 1, "deleted rows of saved segments are saved too");
        }
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            Collection docs = akasha.collection("docs");
            assertEquals(expected, state(docs), "everything from files, nothing replayed");
            assertEquals(List.of((long) FileHeader.SIZE), files("wal-*.log").stream().map(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList());
            assertEquals(List.of(300L + 2 + 1), docs.insert(List.of(row(random, "after"))).ids().stream()
                    .map(id -> (Long) id).toList(), "auto ids continue after the checkpointed counter");
        }
    }

    @Test
    void writesDuringCheckpointsAreNeitherLostNorDoubled() throws Exception {
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            Collection docs = akasha.createCollection("docs", DurableEngineTest.schema());
            Thread writer = Thread.ofPlatform().start(() -> {
                Random random = new Random(2);
                for (int i = 0; i < 400; i++) {
                    docs.insert(List.of(row(random, "w")));
                    if (i % 10 == 9) {
                        docs.delete(List.of((long) i));
                    }
                }
            });
            while (writer.isAlive()) {
                docs.flush();
            }
            writer.join();
            assertEquals(360L, docs.stats().rows());
        }
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            Collection docs = akasha.collection("docs");
            assertEquals(360L, docs.stats().rows());
            assertEquals(360L, docs.query(QueryRequest.builder().outputFields(QueryRequest.COUNT).build())
                    .getFirst().get(QueryRequest.COUNT));
            assertEquals(1, files("wal-*.log").size(), "older generations are deleted");
            assertTrue(files(DurableLog.fileName(1)).isEmpty(), "the first generation went at the first checkpoint");
        }
    }

    /** The same 600 rows, in 60-row batches, then two deletes. */
    private static void fill(Collection docs) {
        Random random = new Random(5);
        for (int b = 0; b < 10; b++) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                rows.add(row(random, "m" + b));
            }
            docs.insert(rows);
        }
        docs.delete(List.of(5L, 6L));
    }

    @Test
    void savedSegmentsAreReadFromTheirFilesAndLeaveMemory() {
        long inMemory;
        List<String> expected;
        try (Akasha akasha = Akasha.inMemory(OPTIONS)) {
            Collection docs = akasha.createCollection("docs", DurableEngineTest.schema());
            fill(docs);
            docs.flush();
            inMemory = akasha.residentBytes();
            expected = state(docs);
        }
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            Collection docs = akasha.createCollection("docs", DurableEngineTest.schema());
            fill(docs);
            docs.flush();
            docs.awaitIndexing(); // the swaps for the saved files run in the background
            assertTrue(akasha.residentBytes() < inMemory / 2,
                    "resident: " + akasha.residentBytes() + " bytes; in memory the same rows hold " + inMemory);
            assertEquals(expected, state(docs), "the same rows, now read from the files");
            docs.delete(List.of(7L));
            docs.upsert(List.of(Map.of("id", 8L, "v", new float[] {2, 2, 2}, "title", "moved")));
            expected = state(docs);
        }
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            assertEquals(expected, state(akasha.collection("docs")));
        }
    }
}
