package io.akasha.diskann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.akasha.core.dataset.ClusteredVectors;
import io.akasha.core.graph.Reachable;
import io.akasha.core.index.FlatIndex;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.search.SearchResult;
import io.akasha.core.index.SearchOptions;
import io.akasha.core.search.Recall;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;
import io.akasha.storage.CorruptFileException;
import io.akasha.storage.MappedFile;
import io.akasha.storage.PageCache;

/**
 * The DiskANN file: built, written, mapped back (codes in memory, records on disk), and searched
 * by PQ scores with exact rerank from the records, for every metric and for records that span
 * sectors; bad files are refused by name.
 */
class DiskIndexTest {

    private static final VamanaParameters PARAMETERS = new VamanaParameters(32, 64, 1.2f, 42);

    @TempDir
    Path dir;

    /** Rows around 40 centres, so that PQ has structure to learn. */
    private static FloatVectors clustered(int count, int dim, long seed) {
        return ClusteredVectors.generate(count, dim, 40, 2, seed);
    }

    private double recall(DiskIndex index, FloatVectors vectors, FloatVectors queries, Similarity similarity,
                          int listSize) {
        try (FlatIndex exact = new FlatIndex(vectors, similarity)) {
            double sum = 0;
            for (int q = 0; q < queries.count(); q++) {
                DiskIndex.Found found = index.search(queries.get(q), 10, listSize, 4);
                sum += Recall.ofQuery(found.result().ids(),
                        exact.search(queries.get(q), 10, SearchOptions.DEFAULT).ids(), 10);
                assertTrue(found.recordsRead() <= found.hops() * 4, "at most W records per hop");
            }
            return sum / queries.count();
        }
    }

    @ParameterizedTest
    @EnumSource(Similarity.class)
    void aWrittenIndexIsMappedBackAndFindsTheExactNeighbours(Similarity similarity) throws IOException {
        Path file = dir.resolve("v.diskann");
        try (FloatVectors raw = clustered(4_000, 32, 1);
             FloatVectors normalized = raw.normalizedCopy();
             FloatVectors queries = clustered(100, 32, 2)) {
            FloatVectors vectors = similarity.normalizesVectors() ? normalized : raw;
            DiskIndex.build(file, vectors, similarity, PARAMETERS, 16, 1); // one thread: the same graph every run
            try (DiskIndex index = DiskIndex.open(file)) {
                assertEquals(4_000, index.size());
                // 16 bytes of codes per vector in memory against 128 bytes of vector on disk, plus the
                // codebook (256 centroids of the full dimension), a fixed cost this small set still feels.
                assertTrue(index.memoryBytes() < vectors.byteSize() / 4, index.memoryBytes() + " bytes in memory");
                double recall = recall(index, vectors, queries, similarity, 100);
                System.out.println("DiskANN " + similarity + ": recall@10 at L 100, W 4: " + recall);
                assertTrue(recall >= 0.95, similarity + ": recall@10 at L 100, W 4: " + recall);
            }
        }
    }

    @Test
    void directReadsAndTheNodeCacheChangeWhatIsReadNotWhatIsFound() throws IOException {
        Path file = dir.resolve("v.diskann");
        try (FloatVectors vectors = clustered(4_000, 32, 5); FloatVectors queries = clustered(50, 32, 6)) {
            DiskIndex.build(file, vectors, Similarity.L2, PARAMETERS, 16, 2);
            try (DiskIndex mapped = DiskIndex.open(file);
                 DiskIndex direct = DiskIndex.open(file, new DiskIndex.OpenOptions(DiskIndex.Access.DIRECT, 64 * 1024));
                 DiskIndex serial = DiskIndex.open(file, new DiskIndex.OpenOptions(DiskIndex.Access.DIRECT_SERIAL, 0))) {
                assertEquals("direct (one by one)", serial.access());
                // The native-kernels run of this test forces io_uring (akasha.direct.reads), the others get AIO.
                assertEquals("direct (batched, " + System.getProperty("akasha.direct.reads", "aio") + ")",
                        direct.access());
                assertTrue(direct.cachedNodes() > 50, direct.cachedNodes() + " cached nodes in 64 KiB");
                assertTrue(direct.memoryBytes() > mapped.memoryBytes() + direct.cachedNodes() * 260L,
                        "the cache's records count as the index's memory");
                long hits = 0;
                for (int q = 0; q < queries.count(); q++) {
                    DiskIndex.Found a = mapped.search(queries.get(q), 10, 60, 4);
                    DiskIndex.Found b = direct.search(queries.get(q), 10, 60, 4);
                    assertArrayEquals(a.result().ids(), b.result().ids(), "query " + q);
                    assertArrayEquals(a.result().scores(), b.result().scores(), "query " + q);
                    assertEquals(a.hops(), b.hops(), "query " + q);
                    assertEquals(a.recordsRead(), b.recordsRead() + b.cacheHits(), "every record read or cached");
                    assertEquals(b.recordsRead(), b.sectorsRead(), "seven 32-d records to a sector: one sector each");
                    DiskIndex.Found c = serial.search(queries.get(q), 10, 60, 4);
                    assertArrayEquals(a.result().ids(), c.result().ids(), "query " + q);
                    assertEquals(a.recordsRead(), c.recordsRead(), "no cache: every record read");
                    hits += b.cacheHits();
                }
                assertTrue(hits >= queries.count(), "the medoid at least is cached: " + hits + " hits");
            }
        }
    }

    @Test
    void filtersAndScoreWindowsDecideWhatIsReturned() throws IOException {
        Path file = dir.resolve("v.diskann");
        try (FloatVectors vectors = clustered(4_000, 32, 7); FloatVectors queries = clustered(50, 32, 8);
             FlatIndex exact = new FlatIndex(vectors, Similarity.L2)) {
            DiskIndex.build(file, vectors, Similarity.L2, PARAMETERS, 16, 1);
            try (DiskIndex index = DiskIndex.open(file)) {
                RowFilter even = row -> row % 2 == 0;
                SearchOptions half = new SearchOptions(even, ScoreWindow.ALL, Map.of("search_list", 60), 0.5);
                double recall = 0;
                for (int q = 0; q < queries.count(); q++) {
                    int[] found = index.search(queries.get(q), 10, half).ids();
                    for (int id : found) {
                        assertEquals(0, id % 2, "odd row " + id + " returned");
                    }
                    recall += Recall.ofQuery(found, exact.search(queries.get(q), 10, half).ids(), 10);
                }
                recall /= queries.count();
                System.out.println("DiskANN filter passing half: recall@10 at L 60 (walked with 120): " + recall);
                assertTrue(recall >= 0.95, "filtered recall@10: " + recall);
                SearchResult all = index.search(queries.get(0), 10, SearchOptions.DEFAULT);
                float bound = all.scores()[4]; // scores are negative squared distances: keep the best five
                ScoreWindow window = new ScoreWindow(bound - 1e-3f, Float.POSITIVE_INFINITY);
                SearchResult within = index.search(queries.get(0), 10,
                        new SearchOptions(RowFilter.ALL, window, Map.of()));
                assertArrayEquals(Arrays.copyOf(all.ids(), 5), within.ids(), "the five inside the window");
            }
        }
    }

    @Test
    void consolidatingTenPercentDeletesUnlinksThemAndKeepsRecallOnTheSurvivors() throws IOException {
        Path file = dir.resolve("v.diskann");
        Path consolidatedFile = dir.resolve("v.consolidated.diskann");
        try (FloatVectors vectors = clustered(4_000, 32, 9); FloatVectors queries = clustered(50, 32, 10);
             FlatIndex exact = new FlatIndex(vectors, Similarity.L2)) {
            DiskIndex.build(file, vectors, Similarity.L2, PARAMETERS, 16, 1);
            int medoid;
            int changed;
            try (DiskIndex index = DiskIndex.open(file)) {
                medoid = index.medoid();
                // Every tenth node, and the medoid: the entry point must keep working when deleted.
                java.util.function.IntPredicate deleted = node -> node % 10 == 3 || node == medoid;
                changed = index.consolidateDeletes(deleted, 1.2f, 2, consolidatedFile);
                assertTrue(changed > 1_000, changed + " lists changed");
            }
            RowFilter live = node -> node % 10 != 3 && node != medoid;
            SearchOptions alive = new SearchOptions(live, ScoreWindow.ALL, Map.of("search_list", 100), 0.9);
            try (DiskIndex index = DiskIndex.open(consolidatedFile)) {
                assertEquals(medoid, index.medoid(), "the entry point stays");
                RecordLayout layout = RecordLayout.of(32, PARAMETERS.maxDegree());
                MemorySegment data = MemorySegment.ofArray(Files.readAllBytes(consolidatedFile));
                for (int node = 0; node < 4_000; node++) {
                    long at = layout.offset(node);
                    int degree = layout.degree(data, at);
                    if (!live.accept(node) && node != medoid) {
                        assertEquals(0, degree, "deleted node " + node + " keeps no links");
                        continue;
                    }
                    assertTrue(degree > 0, "node " + node + " has links");
                    for (int i = 0; i < degree; i++) {
                        int neighbor = layout.neighbor(data, at, i);
                        assertTrue(live.accept(neighbor), "node " + node + " still links to deleted " + neighbor);
                    }
                }
                int survivors = (int) java.util.stream.IntStream.range(0, 4_000).filter(live::accept).count();
                assertEquals(survivors + 1, Reachable.from(medoid, 4_000, node -> {
                    long at = layout.offset(node);
                    int[] links = new int[layout.degree(data, at)];
                    for (int i = 0; i < links.length; i++) {
                        links[i] = layout.neighbor(data, at, i);
                    }
                    return links;
                }), "every survivor reachable from the (deleted) medoid");
                double recall = 0;
                for (int q = 0; q < queries.count(); q++) {
                    recall += Recall.ofQuery(index.search(queries.get(q), 10, alive).ids(),
                            exact.search(queries.get(q), 10, alive).ids(), 10);
                }
                recall /= queries.count();
                System.out.println("DiskANN after consolidating 10% deletes (" + changed + " lists changed): recall@10 "
                        + "on the survivors at L 100: " + recall);
                assertTrue(recall >= 0.95, "recall@10 on the survivors: " + recall);
            }
        }
    }

    @Test
    void reopeningMapsTheIndexWithoutReadingItsRecords() throws IOException {
        Path file = dir.resolve("v.diskann");
        try (FloatVectors vectors = clustered(20_000, 32, 11); FloatVectors queries = clustered(10, 32, 12)) {
            DiskIndex.build(file, vectors, Similarity.L2, PARAMETERS, 8, 2);
            RecordLayout layout = RecordLayout.of(32, PARAMETERS.maxDegree());
            assumeTrue(PageCache.evict(file), "page cache eviction (posix_fadvise) is not available here");
            try (MappedFile probe = MappedFile.openReadOnly(file)) {
                MemorySegment records = probe.segment().asSlice(DiskIndexFormat.SECTOR,
                        layout.end(vectors.count()) - DiskIndexFormat.SECTOR);
                assertEquals(0, residentSectors(records), "evicted before the open");
                try (DiskIndex index = DiskIndex.open(file)) {
                    assertEquals(0, residentSectors(records), "opening read records (" + records.byteSize()
                            / DiskIndexFormat.SECTOR + " sectors of them)");
                    for (int q = 0; q < queries.count(); q++) {
                        index.search(queries.get(q), 10, 40, 4);
                    }
                    // The probe sees what searches bring in: it is not blind.
                    assertTrue(residentSectors(records) > 0, "searches read records");
                }
            }
        }
    }

    /** Sectors of {@code region} (a mapping) whose page is in the page cache. */
    private static int residentSectors(MemorySegment region) {
        int resident = 0;
        for (long at = 0; at < region.byteSize(); at += DiskIndexFormat.SECTOR) {
            if (region.asSlice(at, DiskIndexFormat.SECTOR).isLoaded()) {
                resident++;
            }
        }
        return resident;
    }

    @Test
    void recordsLargerThanASectorSpanWholeSectors() throws IOException {
        Path file = dir.resolve("wide.diskann");
        // 1,200 floats = 4,800 bytes of vector: each record takes two sectors.
        try (FloatVectors vectors = clustered(600, 1_200, 3); FloatVectors queries = clustered(20, 1_200, 4)) {
            DiskIndex.build(file, vectors, Similarity.L2, new VamanaParameters(16, 32, 1.2f, 1), 40, 1);
            assertEquals(2, DiskIndexFormat.sectorsPerRecord(DiskIndexFormat.recordBytes(1_200, 16)));
            try (DiskIndex index = DiskIndex.open(file)) {
                // A long list expands most of these 600 nodes, so the exact rerank decides: any misread
                // record would show here.
                double recall = recall(index, vectors, queries, Similarity.L2, 200);
                System.out.println("DiskANN two-sector records: recall@10 at L 200: " + recall);
                assertTrue(recall >= 0.95, "recall@10: " + recall);
                float[] first = vectors.get(0);
                assertArrayEquals(new int[] {0}, new int[] {index.search(first, 1, 200, 4).result().ids()[0]},
                        "a stored vector finds itself");
            }
        }
    }

    @Test
    void recordsPackWholeIntoSectors() {
        int bytes = DiskIndexFormat.recordBytes(100, 32); // 400 + 132 = 532 bytes: 7 per sector
        assertEquals(532, bytes);
        assertEquals(7, DiskIndexFormat.recordsPerSector(bytes));
        assertEquals(DiskIndexFormat.SECTOR + 6 * 532, DiskIndexFormat.recordOffset(6, bytes, 7, 1));
        assertEquals(2L * DiskIndexFormat.SECTOR, DiskIndexFormat.recordOffset(7, bytes, 7, 1), "node 7 starts sector 2");
    }

    @Test
    void filesThatAreNotAnIndexAreRefusedByName() throws IOException {
        Path junk = dir.resolve("junk.diskann");
        Files.write(junk, new byte[DiskIndexFormat.SECTOR]);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> DiskIndex.open(junk));
        assertTrue(e.getMessage().contains("not a DiskANN index"), e.getMessage());
    }
}
