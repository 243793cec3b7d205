package io.akasha.storage;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;

/** Linux AIO batches against the {@link BatchReadsContract}. */
class AsyncReadsTest extends BatchReadsContract {

    @Override
    protected BatchReads open(DirectFile file, int capacity) throws IOException {
        assertNull(AsyncReads.unavailableReason(), "this build runs on Linux x86-64 or aarch64");
        return new AsyncReads(file, capacity);
    }
}
