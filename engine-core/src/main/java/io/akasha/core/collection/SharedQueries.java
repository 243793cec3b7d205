package io.akasha.core.collection;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Runs the independent queries of one multi-vector search on several cores: the caller and up to
 * {@code helpers} threads of a shared pool claim queries one at a time until none is left, so a
 * request of ten vectors from one client can use every core, as FAISS does for a batch. Nothing
 * waits for a helper that has not started: the caller claims whatever is left and waits only for
 * queries a helper is already running, and a helper that starts late finds nothing to claim. On a
 * saturated machine the pool's threads stay queued and the caller runs every query itself, as
 * without a pool. The first failure (a passed deadline) is thrown to the caller; queries not yet
 * started are skipped.
 */
final class SharedQueries {

    private final Executor pool;
    private final int helpers;

    /**
     * @param pool    where helpers run; null: every query on the caller's thread
     * @param helpers most pool threads one search takes (0: none)
     */
    SharedQueries(Executor pool, int helpers) {
        this.pool = pool;
        this.helpers = pool == null ? 0 : helpers;
    }

    /** {@code query.apply(i)} for every {@code i} in {@code [0, count)}, in order of {@code i}. */
    <T> List<T> map(int count, IntFunction<T> query) {
        if (count == 1 || helpers == 0) {
            Object[] results = new Object[count];
            for (int i = 0; i < count; i++) {
                results[i] = query.apply(i);
            }
            return cast(results);
        }
        Batch<T> batch = new Batch<>(count, query);
        for (int h = Math.min(helpers, count - 1); h > 0; h--) {
            try {
                pool.execute(batch::claimUntilDone);
            } catch (RejectedExecutionException shuttingDown) {
                break; // the caller runs what is left
            }
        }
        batch.claimUntilDone();
        batch.done.join();
        Throwable failure = batch.failure.get();
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return cast(batch.results);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> cast(Object[] results) {
        return (List<T>) Collections.unmodifiableList(Arrays.asList(results));
    }

    /** One search's queries, claimed by index; {@link #done} completes when every claimed one has ended. */
    private static final class Batch<T> {
        final IntFunction<T> query;
        final Object[] results;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger unfinished;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Batch(int count, IntFunction<T> query) {
            this.query = query;
            this.results = new Object[count];
            this.unfinished = new AtomicInteger(count);
        }

        void claimUntilDone() {
            for (int i = next.getAndIncrement(); i < results.length; i = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        results[i] = query.apply(i);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    // The decrement publishes results[i] to the thread that sees the count reach 0.
                    if (unfinished.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                }
            }
        }
    }
}
