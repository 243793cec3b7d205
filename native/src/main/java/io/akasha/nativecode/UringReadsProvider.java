package io.akasha.nativecode;

import java.io.IOException;

import io.akasha.storage.BatchReads;
import io.akasha.storage.BatchReadsProvider;
import io.akasha.storage.DirectFile;

/**
 * io_uring batches for DiskANN's direct reads, registered for {@link java.util.ServiceLoader};
 * selected with {@code akasha.direct.reads=io_uring} (see {@link io.akasha.storage.DirectBatchReads}).
 */
public final class UringReadsProvider implements BatchReadsProvider {

    private final String unavailable;

    /** Loads the library and opens a one-entry ring to learn whether this kernel allows io_uring. */
    public UringReadsProvider() {
        String reason = null;
        try {
            reason = UringReads.probe();
        } catch (ExceptionInInitializerError e) {
            reason = String.valueOf(e.getCause() == null ? e : e.getCause().getMessage());
        } catch (LinkageError | RuntimeException e) {
            reason = e.toString();
        }
        this.unavailable = reason;
    }

    @Override
    public String name() {
        return "io_uring";
    }

    @Override
    public String unavailableReason() {
        return unavailable;
    }

    @Override
    public BatchReads open(DirectFile file, int capacity) throws IOException {
        if (unavailable != null) {
            throw new UnsupportedOperationException("io_uring reads are unavailable: " + unavailable);
        }
        return new UringReads(file, capacity);
    }
}
