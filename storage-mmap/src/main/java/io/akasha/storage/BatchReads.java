package io.akasha.storage;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Batches of direct reads of one {@link DirectFile}, submitted together and reaped together, so
 * that a batch of W reads costs about one device round trip. Implementations: Linux AIO
 * ({@link AsyncReads}) and io_uring (the {@code akasha-native} module's {@link BatchReadsProvider});
 * {@link DirectBatchReads} picks one. One instance per thread.
 */
public interface BatchReads extends AutoCloseable {

    /**
     * Reads {@code count} requests at once: request i fills all of {@code buffers[i]} from
     * {@code positions[i]} (each aligned as {@link DirectFile} requires) and returns when all are in.
     *
     * @throws IOException if a read fails or the file ends first
     */
    void read(MemorySegment[] buffers, long[] positions, int count) throws IOException;

    @Override
    void close();
}
