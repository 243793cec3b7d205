package io.akasha.core.collection;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import io.akasha.core.AkashaException;

/**
 * A collection's tasks on the engine's shared pools (index builds, checkpoints, compactions,
 * swaps), tracked so that flush, drop and close can wait for them. Tasks submitted after the
 * collection closed do nothing; a pool that is shutting down rejects them, which is not an error.
 */
final class BackgroundWork {

    private final String collection;
    private final Lifecycle lifecycle;
    private final Set<Future<?>> pending = ConcurrentHashMap.newKeySet();

    BackgroundWork(String collection, Lifecycle lifecycle) {
        this.collection = collection;
        this.lifecycle = lifecycle;
    }

    /** Runs {@code task} on {@code pool}; returns false if the pool no longer takes tasks. */
    boolean submit(ExecutorService pool, Runnable task) {
        try {
            pending.add(pool.submit(() -> {
                if (!lifecycle.isClosed()) {
                    task.run();
                }
            }));
            return true;
        } catch (RejectedExecutionException e) {
            pending.removeIf(Future::isDone);
            return false;
        }
    }

    /**
     * Waits for the tasks submitted so far, and the tasks they submit, until none is left.
     *
     * @throws IllegalStateException if a task failed
     */
    void awaitAll() {
        while (!pending.isEmpty()) {
            for (Future<?> task : new ArrayList<>(pending)) {
                try {
                    task.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "interrupted while waiting for "
                            + "collection '" + collection + "' to finish its background work", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("background work of collection '" + collection + "' failed",
                            e.getCause());
                } finally {
                    pending.remove(task);
                }
            }
        }
    }
}
