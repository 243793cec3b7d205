package io.akasha.storage;

import java.io.IOException;

/**
 * Another way to read batches of a {@link DirectFile} than Linux AIO, found with
 * {@link java.util.ServiceLoader} (the {@code akasha-native} module provides io_uring).
 */
public interface BatchReadsProvider {

    /** The name {@link DirectBatchReads#PROPERTY} selects it by, for example {@code io_uring}. */
    String name();

    /** Why it cannot be used here, or null when it can. */
    String unavailableReason();

    /** Batches of up to {@code capacity} reads of {@code file}. */
    BatchReads open(DirectFile file, int capacity) throws IOException;
}
