package io.akasha.core.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queries of one search, spread over the caller and a pool: every answer in order, failures thrown, no waiting on a busy pool. */
class SharedQueriesTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void everyQueryIsAnsweredInOrderAndThePoolHelps() {
        SharedQueries shared = new SharedQueries(pool, 3);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> squares = shared.map(200, i -> {
            threads.add(Thread.currentThread().getName());
            busyMicros(200);
            return i * i;
        });
        assertEquals(IntStream.range(0, 200).map(i -> i * i).boxed().toList(), squares);
        assertTrue(threads.size() > 1, "only " + threads + " ran the queries");
    }

    @Test
    void aSingleQueryOrNoPoolRunsOnTheCaller() {
        String caller = Thread.currentThread().getName();
        assertEquals(List.of(caller), new SharedQueries(pool, 3).map(1, i -> Thread.currentThread().getName()));
        assertEquals(List.of(caller, caller, caller),
                new SharedQueries(null, 0).map(3, i -> Thread.currentThread().getName()));
    }

    @Test
    void theFirstFailureReachesTheCaller() {
        IllegalStateException thrown = new IllegalStateException("query 7 failed");
        IllegalStateException caught = assertThrows(IllegalStateException.class,
                () -> new SharedQueries(pool, 3).map(50, i -> {
                    if (i == 7) {
                        throw thrown;
                    }
                    return i;
                }));
        assertSame(thrown, caught);
    }

    @Test
    void aBusyPoolDoesNotHoldTheCallerUp() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try {
            one.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // The pool's only thread is held: the caller answers all queries itself and returns.
            assertEquals(List.of(0, 1, 2, 3), new SharedQueries(one, 1).map(4, i -> i));
        } finally {
            release.countDown();
            one.shutdown();
            assertTrue(one.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    private static void busyMicros(long micros) {
        long end = System.nanoTime() + micros * 1_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
