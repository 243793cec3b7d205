package io.akasha.core.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.QueryRequest;
import io.akasha.core.collection.SearchRequest;

/**
 * Compaction merges small sealed segments and drops deleted rows; every row and hit stays the
 * same, reads running during it see each row exactly once, and reopening after it gives the same
 * answers from fewer files.
 */
class CompactionTest {

    private static final AkashaOptions OPTIONS = AkashaOptions.defaults().withSegmentRows(200);

    @TempDir
    Path dir;

    private long dataFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().equals("data.aks")).count();
        }
    }

    @Test
    void smallAndHoleySegmentsAreRewrittenWithoutChangingAnyAnswer() throws Exception {
        Random random = new Random(4);
        List<String> expected;
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            Collection docs = akasha.createCollection("docs", DurableEngineTest.schema());
            docs.createScalarIndex("price");
            for (int b = 0; b < 8; b++) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    rows.add(CheckpointTest.row(random, "c" + b));
                }
                docs.insert(rows);
                docs.flush(); // one small sealed segment per batch
            }
            docs.compact(); // the small segments (the checkpoints also start this in the background)
            docs.awaitIndexing(); // and whatever checkpoint and compaction that started

            docs.upsert(List.of(Map.of("id", 130L, "v", new float[] {1, 1, 1}, "title", "upserted")));
            List<Long> holes = new ArrayList<>();
            for (long id = 1; id <= 60; id++) {
                holes.add(id);
            }
            docs.delete(holes); // no checkpoint follows, so no background compaction either
            long before = docs.stats().sealedSegments();
            expected = CheckpointTest.state(docs);

            Set<String> problems = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            Thread reader = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    long count = (Long) docs.query(QueryRequest.builder().outputFields(QueryRequest.COUNT).build())
                            .getFirst().get(QueryRequest.COUNT);
                    if (count != 140) {
                        problems.add("count(*) " + count);
                    }
                    List<Hit> hits = docs.search(SearchRequest.builder().vector(new float[] {0.5f, 0.5f, 0.5f})
                            .limit(50).build()).getFirst();
                    Set<Object> ids = new HashSet<>();
                    hits.forEach(hit -> {
                        if (!ids.add(hit.id())) {
                            problems.add("id " + hit.id() + " twice");
                        }
                    });
                }
            });
            int made = docs.compact();
            stop.set(true);
            reader.join();
            assertEquals(Set.of(), problems, "reads during compaction see each row once");
            assertTrue(made >= 1, "the segment holding the 60 deleted rows is rewritten");
            // Compaction is followed by a checkpoint, which seals the small growing segment, which is
            // compacted once indexed: the chain ends with nothing left to do.
            int rounds = 0;
            do {
                docs.awaitIndexing();
            } while (docs.compact() > 0 && ++rounds < 5);
            assertTrue(rounds < 5, "compaction converges");
            assertTrue(docs.stats().sealedSegments() <= before, before + " -> " + docs.stats().sealedSegments());
            assertEquals(expected, CheckpointTest.state(docs));
            docs.flush();
            docs.delete(List.of(4L));
            expected = CheckpointTest.state(docs);
        }
        assertTrue(dataFiles() <= 2, "the sources' files are deleted: " + dataFiles() + " data files");
        try (Akasha akasha = Akasha.open(dir, OPTIONS)) {
            assertEquals(expected, CheckpointTest.state(akasha.collection("docs")));
        }
    }
}
