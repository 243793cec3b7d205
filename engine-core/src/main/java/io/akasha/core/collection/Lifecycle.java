package io.akasha.core.collection;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.akasha.core.AkashaException;

/**
 * Whether a collection is open, and the lock that keeps its memory alive under running calls:
 * every call holds it shared; freeing memory (closing segments after a swap, a drop or a close)
 * holds it exclusively, so it waits for the calls running and new calls wait for it.
 */
final class Lifecycle {

    private final String collection;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    Lifecycle(String collection) {
        this.collection = collection;
    }

    /** Runs a call. @throws AkashaException UNAVAILABLE once the collection is closed */
    <T> T call(Supplier<T> work) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "collection '" + collection
                        + "' was dropped or its engine closed");
            }
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} with no call running. */
    void exclusively(Runnable work) {
        lock.writeLock().lock();
        try {
            work.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Refuses new calls from now on (running ones finish). */
    void markClosed() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }
}
