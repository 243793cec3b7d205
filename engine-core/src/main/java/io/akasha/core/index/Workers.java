package io.akasha.core.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
}
