package io.akasha.nativecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;

import io.akasha.storage.BatchReads;
import io.akasha.storage.BatchReadsContract;
import io.akasha.storage.DirectFile;

/**
 * io_uring batches against the {@link BatchReadsContract}. Skipped, saying why, only where the
 * build had no liburing to link; where it did, a ring that cannot be opened fails the test.
 */
class UringReadsTest extends BatchReadsContract {

    @Override
    protected BatchReads open(DirectFile file, int capacity) throws IOException {
        assumeTrue(NativeLibrary.class.getResource(NativeLibrary.platform() + "/libakasha-uring.so") != null,
                "the build had no liburing to link (Debian: liburing-dev; ./akasha installs it)");
        UringReadsProvider provider = new UringReadsProvider();
        assertEquals(null, provider.unavailableReason(), "io_uring must work where the reader was built");
        return provider.open(file, capacity);
    }
}
