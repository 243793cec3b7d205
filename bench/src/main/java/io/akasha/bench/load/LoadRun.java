package io.akasha.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one operation from {@code concurrency} threads, each calling it back to back (closed
 * loop), for a warm-up and then a measured period; records every measured call's latency.
 */
public final class LoadRun {

    /** One call; {@code thread} and {@code sequence} let it pick its input without sharing state. */
    @FunctionalInterface
    public interface Operation {
        void call(int thread, long sequence) throws Exception;
    }

    /**
     * What a run measured.
     *
     * @param calls   calls completed in the measured period
     * @param seconds the measured period
     * @param latency per-call latency in nanoseconds
     */
    public record Result(long calls, double seconds, Histogram latency) {

        public double callsPerSecond() {
            return calls / seconds;
        }

        /** Latency at {@code percentile} in microseconds. */
        public double micros(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1e3;
        }

        public String summary(String unit, int perCall) {
            return String.format("%,.0f %s/s; latency p50 %.1f µs, p95 %.1f µs, p99 %.1f µs, p99.9 %.1f µs",
                    callsPerSecond() * perCall, unit, micros(50), micros(95), micros(99), micros(99.9));
        }
    }

    private LoadRun() {
    }

    public static Result run(Operation operation, int concurrency, Duration warmup, Duration measured)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().name("load-" + t).start(() -> {
                try {
                    for (long sequence = 0; !stop.get(); sequence++) {
                        long start = System.nanoTime();
                        operation.call(thread, sequence);
                        if (measuring.get()) {
                            recorder.recordValue(System.nanoTime() - start);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                }
            }));
        }
        Thread.sleep(warmup.toMillis());
        recorder.reset();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(measured.toMillis());
        Histogram latency = recorder.getIntervalHistogram();
        double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a call failed: " + failure.get(), failure.get());
        }
        return new Result(latency.getTotalCount(), seconds, latency);
    }
}
