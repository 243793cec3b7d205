package io.akasha.core.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/** Runs one task on several platform threads and waits for all, for index builds and batch searches. */
public final class Workers {

    private Workers() {
    }

    /**
     * Runs {@code worker} on {@code threads} threads named {@code name-0..}, waits for them, and
     * rethrows the first failure (the others attached as suppressed).
     *
     * @param what what the threads do, for messages, e.g. "exact search"
     */
    public static void run(int threads, String name, String what, Runnable worker) {
        List<Thread> started = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < Math.max(1, threads); t++) {
            started.add(Thread.ofPlatform().name(name + "-" + t).start(() -> {
                try {
                    worker.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : started) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what + " threads", e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException error = failures.getFirst() instanceof RuntimeException r ? r
                    : new IllegalStateException(what + " failed", failures.getFirst());
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }

    /**
     * Calls a step for every index in {@code [0, count)}: each of {@code threads} threads gets its
     * own step from {@code perThread} (which owns that thread's buffers) and takes the next run of
     * {@code chunk} indexes in turn, until none are left. With one thread the steps run on the
     * caller's thread, in index order.
     */
    public static void forEach(int threads, String name, String what, int count, int chunk,
                               Supplier<IntConsumer> perThread) {
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            IntConsumer step = perThread.get();
            for (int from = next.getAndAdd(chunk); from < count; from = next.getAndAdd(chunk)) {
                for (int i = from; i < Math.min(count, from + chunk); i++) {
                    step.accept(i);
                }
            }
        };
        if (threads <= 1) {
            work.run();
        } else {
            run(threads, name, what, work);
        }
    }
}
