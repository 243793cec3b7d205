package io.akasha.storage;

import java.time.Duration;

/**
 * When a {@link DurableLog} forces its writes to the device.
 *
 * <ul>
 *   <li>{@link #perBatch()} (the default): a write is acknowledged only after an fsync that
 *       covers it returns. Concurrent writers share fsyncs (group commit): one fsync covers
 *       every record written before it started.</li>
 *   <li>{@link #every(Duration)}: writes are acknowledged once written to the operating system
 *       and forced by a background thread at that interval. A process crash loses nothing; a
 *       power cut or kernel crash loses at most the last interval.</li>
 * </ul>
 *
 * @param intervalMillis 0 for per batch, otherwise the background fsync interval
 */
public record Durability(long intervalMillis) {

    public Durability {
        if (intervalMillis < 0) {
            throw new IllegalArgumentException("the fsync interval cannot be negative, got " + intervalMillis + " ms");
        }
    }

    public static Durability perBatch() {
        return new Durability(0);
    }

    public static Durability every(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("the fsync interval must be positive, got " + interval);
        }
        return new Durability(interval.toMillis());
    }

    public boolean isPerBatch() {
        return intervalMillis == 0;
    }

    @Override
    public String toString() {
        return isPerBatch() ? "fsync per batch" : "fsync every " + intervalMillis + " ms";
    }
}
