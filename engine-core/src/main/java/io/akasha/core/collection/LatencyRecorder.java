package io.akasha.core.collection;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies and throughput of one kind of operation (search, insert, ...): an HdrHistogram
 * {@link Recorder} that many threads record into without locks, summed into a lifetime
 * histogram when read, and per-second counts over the last {@value #WINDOW_SECONDS} seconds for
 * the current rate.
 */
final class LatencyRecorder {

    static final int WINDOW_SECONDS = 10;
    /** Latencies up to an hour, 3 significant digits. */
    private static final long MAX_NANOS = TimeUnit.HOURS.toNanos(1);

    private final Recorder recorder = new Recorder(MAX_NANOS, 3);
    private final Histogram total = new Histogram(MAX_NANOS, 3);
    /** Slot i counts operations in second {@code stamps[i]}. */
    private final AtomicLongArray counts = new AtomicLongArray(WINDOW_SECONDS);
    private final AtomicLongArray stamps = new AtomicLongArray(WINDOW_SECONDS);

    void record(long startNanos, long operations) {
        long now = System.nanoTime();
        recorder.recordValue(Math.min(MAX_NANOS, Math.max(0, now - startNanos)));
        long second = TimeUnit.NANOSECONDS.toSeconds(now);
        int slot = (int) Math.floorMod(second, WINDOW_SECONDS);
        long stamp = stamps.get(slot);
        if (stamp != second && stamps.compareAndSet(slot, stamp, second)) {
            counts.set(slot, 0);
        }
        counts.addAndGet(slot, operations);
    }

    synchronized LatencySummary summary() {
        total.add(recorder.getIntervalHistogram());
        long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime());
        long recent = 0;
        // The current second is still filling up: the rate covers the last full seconds.
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            long stamp = stamps.get(i);
            if (stamp < second && stamp >= second - (WINDOW_SECONDS - 1)) {
                recent += counts.get(i);
            }
        }
        double rate = recent / (double) (WINDOW_SECONDS - 1);
        return new LatencySummary(total.getTotalCount(), rate,
                micros(total.getValueAtPercentile(50)), micros(total.getValueAtPercentile(95)),
                micros(total.getValueAtPercentile(99)), micros(total.getValueAtPercentile(99.9)),
                micros(total.getMaxValue()));
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }
}
