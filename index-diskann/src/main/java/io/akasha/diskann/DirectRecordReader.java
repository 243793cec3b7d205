package io.akasha.diskann;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import io.akasha.storage.DirectFile;

/**
 * Records read from the device with {@code O_DIRECT}, bypassing the page cache: every read costs
 * what it costs on the SSD, however much RAM the machine has. A record's sectors (one for records
 * packed several to a sector, or its own run) are read into the slot's aligned buffer. The reads of
 * one hop are issued one after another on the searching thread; submitting them together is what
 * io_uring adds (the native issue).
 */
final class DirectRecordReader implements RecordReader {

    private final DirectFile file;
    private final int slotBytes;

    /** Reads records of {@code sectorsPerRecord} sectors from {@code path}. */
    DirectRecordReader(Path path, int sectorsPerRecord) throws IOException {
        this.file = DirectFile.open(path);
        this.slotBytes = sectorsPerRecord * DiskIndexFormat.SECTOR;
    }

    @Override
    public Reads reads(int slots) {
        Arena arena = Arena.ofShared();
        MemorySegment buffers = arena.allocate((long) slots * slotBytes, DirectFile.ALIGNMENT);
        long[] within = new long[slots];
        return new Reads() {
            @Override
            public void read(long[] offsets, int count) throws IOException {
                for (int i = 0; i < count; i++) {
                    long sector = offsets[i] - offsets[i] % DiskIndexFormat.SECTOR;
                    within[i] = (long) i * slotBytes + offsets[i] - sector;
                    file.read(buffers.asSlice((long) i * slotBytes, slotBytes), sector);
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
                arena.close();
            }
        };
    }

    @Override
    public String kind() {
        return "direct";
    }

    @Override
    public void close() {
        file.close();
    }
}
