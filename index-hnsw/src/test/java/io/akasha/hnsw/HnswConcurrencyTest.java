package io.akasha.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.akasha.core.index.FlatIndex;
import io.akasha.core.index.SearchOptions;
import io.akasha.core.search.Recall;
import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * One thread inserts (and deletes) while two threads search the same growable index: no
 * exception, no result that is a node whose insert had not returned or whose delete had returned
 * before the search began, and the final graph as good as a single-threaded build (recall within
 * 0.01). From outside, "its insert returned" can only be observed after {@code add} returns, so
 * the node being inserted while a search ran is allowed through; that a node linked but not yet
 * published never comes back is checked directly, without the race.
 */
class HnswConcurrencyTest {

    private static final int NODES = 20_000;
    private static final int DIM = 24;

    @Test
    void searchesDuringInsertsSeeOnlyFinishedInsertsAndNoFinishedDeletes() throws Exception {
        FloatVectors data = GaussianVectors.of(NODES, DIM, 1);
        HnswParameters parameters = HnswParameters.defaults();
        try (HnswIndex live = HnswIndex.growable(DIM, NODES, Similarity.L2, parameters)) {
            AtomicInteger inserted = new AtomicInteger();      // nodes 0..inserted-1 have returned
            AtomicInteger deletedUpTo = new AtomicInteger(-1); // every 7th node up to this is deleted
            AtomicBoolean done = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicLong searches = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < NODES; i++) {
                        assertEquals(i, live.add(data.get(i)));
                        inserted.set(i + 1);
                        if (i % 7 == 0 && i >= 700) {
                            live.delete(i - 700);
                            deletedUpTo.set(i - 700);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    done.set(true);
                }
            }));
            for (int t = 0; t < 2; t++) {
                long seed = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    Random random = new Random(seed);
                    float[] query = new float[DIM];
                    SearchOptions options = new SearchOptions(RowFilter.ALL, ScoreWindow.ALL, Map.of("ef", 32));
                    try {
                        while (!done.get()) {
                            for (int d = 0; d < DIM; d++) {
                                query[d] = (float) random.nextGaussian();
                            }
                            int deletedBefore = deletedUpTo.get();
                            int[] ids = live.search(query, 10, options).ids();
                            int insertedAfter = inserted.get();
                            for (int id : ids) {
                                // insertedAfter itself may be returning from add() right now.
                                assertTrue(id <= insertedAfter, "node " + id + " came back before its insert returned");
                                assertTrue(id % 7 != 0 || id > deletedBefore,
                                        "node " + id + " came back after its delete returned");
                            }
                            searches.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                        done.set(true);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            if (!failures.isEmpty()) {
                throw new AssertionError(failures.peek());
            }
            assertTrue(searches.get() > 1_000, "only " + searches.get() + " searches ran during the inserts");
            try (HnswIndex single = HnswIndex.build(data, false, Similarity.L2, parameters, 1);
                 FloatVectors queries = GaussianVectors.of(200, DIM, 2);
                 FlatIndex exact = new FlatIndex(data, Similarity.L2)) {
                RowFilter survivors = row -> row % 7 != 0 || row > deletedUpTo.get();
                SearchOptions options = new SearchOptions(survivors, ScoreWindow.ALL, Map.of("ef", 64));
                double concurrent = 0;
                double sequential = 0;
                for (int q = 0; q < queries.count(); q++) {
                    int[] truth = exact.search(queries.get(q), 10, new SearchOptions(survivors, ScoreWindow.ALL,
                            Map.of())).ids();
                    concurrent += Recall.ofQuery(live.search(queries.get(q), 10, options).ids(), truth, 10);
                    sequential += Recall.ofQuery(single.search(queries.get(q), 10, options).ids(), truth, 10);
                }
                concurrent /= queries.count();
                sequential /= queries.count();
                System.out.printf("recall@10 at ef 64: %.4f after concurrent inserts, %.4f single-threaded%n",
                        concurrent, sequential);
                assertTrue(concurrent >= sequential - 0.01, "recall " + concurrent + " after concurrent inserts, "
                        + sequential + " after a single-threaded build");
            }
        } finally {
            data.close();
        }
    }

    @Test
    void aLinkedButUnpublishedNodeIsWalkedThroughButNeverReturned() {
        try (FloatVectors data = GaussianVectors.of(500, DIM, 3);
             HnswIndex index = HnswIndex.growable(DIM, 501, Similarity.L2, HnswParameters.defaults())) {
            for (int i = 0; i < 500; i++) {
                index.add(data.get(i));
            }
            float[] hidden = data.get(123).clone();
            hidden[0] += 1e-3f;
            int node = index.link(hidden);
            SearchOptions options = new SearchOptions(RowFilter.ALL, ScoreWindow.ALL, Map.of("ef", 64));
            for (int id : index.search(hidden, 10, options).ids()) {
                assertTrue(id != node, "the unpublished node came back");
            }
            assertEquals(123, index.search(hidden, 1, options).ids()[0]);
        }
    }

}
