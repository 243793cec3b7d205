package io.akasha.core;

/**
 * Engine-wide settings.
 *
 * @param segmentRows  rows a growing segment takes before it is sealed and indexed
 * @param indexThreads threads that build indexes of sealed segments in the background
 */
public record AkashaOptions(int segmentRows, int indexThreads) {

    /** 262,144 rows: big enough that per-segment overhead vanishes, small enough to index in seconds. */
    public static final int DEFAULT_SEGMENT_ROWS = 1 << 18;

    public AkashaOptions {
        if (segmentRows < 1) {
            throw AkashaException.invalid("segmentRows must be positive, got " + segmentRows);
        }
        if (indexThreads < 1) {
            throw AkashaException.invalid("indexThreads must be positive, got " + indexThreads);
        }
    }

    public static AkashaOptions defaults() {
        return new AkashaOptions(DEFAULT_SEGMENT_ROWS, Runtime.getRuntime().availableProcessors());
    }

    public AkashaOptions withSegmentRows(int rows) {
        return new AkashaOptions(rows, indexThreads);
    }

    public AkashaOptions withIndexThreads(int threads) {
        return new AkashaOptions(segmentRows, threads);
    }
}
