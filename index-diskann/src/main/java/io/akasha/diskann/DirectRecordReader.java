package io.akasha.diskann;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import io.akasha.storage.BatchReads;
import io.akasha.storage.DirectBatchReads;
import io.akasha.storage.DirectFile;

/**
 * Records read from the device with {@code O_DIRECT}, bypassing the page cache: every read costs
 * what it costs on the SSD, however much RAM the machine has. A record's sectors (one for records
 * packed several to a sector, or its own run) are read into the slot's aligned buffer. The reads
 * of one hop are submitted together and reaped together ({@link AsyncReads}, Linux native AIO)
 * when {@code batched}, else issued one after another ({@code pread}).
 */
final class DirectRecordReader implements RecordReader {

    private static final System.Logger LOG = System.getLogger(DirectRecordReader.class.getName());

    private final DirectFile file;
    private final int slotBytes;
    private final boolean batched;

    /**
     * Reads records of {@code sectorsPerRecord} sectors from {@code path}, a hop's reads submitted
     * together if {@code batched} and the platform has native AIO (else one after another, said once in the log).
     */
    DirectRecordReader(Path path, int sectorsPerRecord, boolean batched) throws IOException {
        this.file = DirectFile.open(path);
        this.slotBytes = sectorsPerRecord * DiskIndexFormat.SECTOR;
        String unavailable = DirectBatchReads.get().unavailableReason();
        if (batched && unavailable != null) {
            LOG.log(System.Logger.Level.INFO, "DiskANN reads of " + path + " go one after another: " + unavailable);
        }
        this.batched = batched && unavailable == null;
    }

    @Override
    public Reads reads(int slots) {
        Arena arena = Arena.ofShared();
        MemorySegment buffers = arena.allocate((long) slots * slotBytes, DirectFile.ALIGNMENT);
        MemorySegment[] slices = new MemorySegment[slots];
        for (int i = 0; i < slots; i++) {
            slices[i] = buffers.asSlice((long) i * slotBytes, slotBytes);
        }
        BatchReads async;
        try {
            async = batched ? DirectBatchReads.get().open(file, slots) : null;
        } catch (IOException e) {
            arena.close();
            throw new java.io.UncheckedIOException(e);
        }
        long[] sectors = new long[slots];
        long[] within = new long[slots];
        return new Reads() {
            @Override
            public void read(long[] offsets, int count) throws IOException {
                for (int i = 0; i < count; i++) {
                    sectors[i] = offsets[i] - offsets[i] % DiskIndexFormat.SECTOR;
                    within[i] = (long) i * slotBytes + offsets[i] - sectors[i];
                }
                if (async != null && count > 1) {
                    async.read(slices, sectors, count);
                    return;
                }
                for (int i = 0; i < count; i++) {
                    file.read(slices[i], sectors[i]);
                }
            }

            @Override
            public MemorySegment segment(int slot) {
                return buffers;
            }

            @Override
            public long offset(int slot) {
                return within[slot];
            }

            @Override
            public void close() {
                if (async != null) {
                    async.close();
                }
                arena.close();
            }
        };
    }

    @Override
    public String kind() {
        return batched ? "direct (batched, " + DirectBatchReads.get().name() + ")" : "direct (one by one)";
    }

    @Override
    public void close() {
        file.close();
    }
}
