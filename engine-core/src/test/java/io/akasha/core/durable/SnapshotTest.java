package io.akasha.core.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.akasha.core.AkashaException;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;

/**
 * Snapshot, then restore into a new data directory: the restored collection answers every
 * query and search exactly as the original did when the snapshot was taken, later writes to the
 * original do not leak into it, and the segment files are shared by hard links, not copied.
 */
class SnapshotTest {

    private static final AkashaOptions OPTIONS = AkashaOptions.defaults().withSegmentRows(64);

    @TempDir
    Path dir;

    @Test
    void aRestoredSnapshotAnswersExactlyAsTheCollectionDidWhenItWasTaken() throws IOException {
        Path data = dir.resolve("data");
        Path snapshot = dir.resolve("snapshot");
        Path restored = dir.resolve("restored");
        Random random = new Random(3);
        List<String> atSnapshot;
        List<String> later;
        try (Akasha akasha = Akasha.open(data, OPTIONS)) {
            Collection docs = akasha.createCollection("docs", DurableEngineTest.schema());
            akasha.createCollection("other", DurableEngineTest.schema());
            for (int b = 0; b < 5; b++) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    rows.add(CheckpointTest.row(random, "s" + b));
                }
                docs.insert(rows);
            }
            docs.delete(List.of(7L, 77L));
            docs.upsert(List.of(Map.of("id", 9L, "v", new float[] {1, 2, 3}, "title", "u")));
            akasha.snapshot("docs", snapshot);
            atSnapshot = CheckpointTest.state(docs);
            docs.insert(List.of(CheckpointTest.row(random, "after")));
            docs.delete(List.of(1L, 2L));
            later = CheckpointTest.state(docs);
            assertEquals(AkashaException.ErrorCode.INVALID_ARGUMENT,
                    assertThrows(AkashaException.class, () -> akasha.snapshot("docs", snapshot)).code());
        }
        Akasha.restore(snapshot, restored);
        try (Akasha akasha = Akasha.open(restored, OPTIONS)) {
            assertEquals(List.of("docs"), akasha.listCollections());
            assertEquals(atSnapshot, CheckpointTest.state(akasha.collection("docs")));
        }
        assertFalse(Files.exists(restored.resolve("catalog.json")), "the snapshot's catalog was imported");
        assertFalse(Files.exists(restored.resolve("collections/docs/manifest.json")), "and its manifest");
        try (Akasha akasha = Akasha.open(restored, OPTIONS)) {
            assertEquals(atSnapshot, CheckpointTest.state(akasha.collection("docs")), "from the catalog this time");
        }
        Path copy = dir.resolve("copy-of-restored");
        Akasha.restore(restored, copy); // a closed data directory restores too
        try (Akasha akasha = Akasha.open(copy, OPTIONS)) {
            assertEquals(atSnapshot, CheckpointTest.state(akasha.collection("docs")));
        }
        try (Akasha akasha = Akasha.open(data, OPTIONS)) {
            assertEquals(later, CheckpointTest.state(akasha.collection("docs")));
            assertNotEquals(atSnapshot, later);
        }
        try (Stream<Path> walk = Files.walk(restored)) {
            for (Path file : walk.filter(p -> p.getFileName().toString().equals("data.aks")).toList()) {
                assertTrue((Integer) Files.getAttribute(file, "unix:nlink") >= 2, file + " is a hard link");
            }
        }
    }

    @Test
    void snapshotsNeedADataDirectoryAndRestoreNeedsASnapshot() {
        try (Akasha akasha = Akasha.inMemory()) {
            akasha.createCollection("docs", DurableEngineTest.schema());
            AkashaException e = assertThrows(AkashaException.class, () -> akasha.snapshot("docs", dir.resolve("s")));
            assertEquals("snapshots need a data directory; this engine is in memory", e.getMessage());
        }
        AkashaException e = assertThrows(AkashaException.class, () -> Akasha.restore(dir, dir.resolve("r")));
        assertEquals(dir.toAbsolutePath() + " is not a snapshot or data directory: it has neither catalog.json nor "
                + "catalog/data.mdb", e.getMessage());
    }
}
