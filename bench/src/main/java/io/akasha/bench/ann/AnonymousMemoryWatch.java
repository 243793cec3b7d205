package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Watches another process's anonymous resident memory ({@code RssAnon} in
 * {@code /proc/<pid>/status}: heap, malloc and off-heap allocations, anonymous mappings; not the
 * page cache, so not the pages of mapped files) from outside it, sampling every few milliseconds
 * until the process ends, and keeps the peak.
 */
public final class AnonymousMemoryWatch implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 20;

    private final Path status;
    private final Thread sampler;
    private volatile long peakKiB;
    private volatile boolean stopped;

    private AnonymousMemoryWatch(long pid) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.sampler = Thread.ofPlatform().daemon().name("rss-anon-" + pid).start(this::sample);
    }

    /** Starts watching process {@code pid}. */
    public static AnonymousMemoryWatch of(long pid) {
        return new AnonymousMemoryWatch(pid);
    }

    /** The largest {@code RssAnon} seen so far, KiB (0 where {@code /proc} does not exist). */
    public long peakKiB() {
        return peakKiB;
    }

    private void sample() {
        while (!stopped) {
            long now = read();
            if (now < 0) {
                return; // the process is gone
            }
            peakKiB = Math.max(peakKiB, now);
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** RssAnon now, KiB; -1 once the process has ended. */
    private long read() {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("RssAnon:")) {
                    return Long.parseLong(line.substring("RssAnon:".length()).replace("kB", "").trim());
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
