package io.akasha.diskann;

import java.lang.foreign.MemorySegment;

/**
 * Records read straight from the mapped index file: no copy, and the page cache keeps whatever
 * the kernel decides to keep (all of it when RAM allows, which is what an embedder with memory to
 * spare wants).
 */
final class MappedRecordReader implements RecordReader {

    private final MemorySegment data;

    MappedRecordReader(MemorySegment data) {
        this.data = data;
    }

    @Override
    public Reads reads(int slots) {
        long[] at = new long[slots];
        return new Reads() {
            @Override
            public void read(long[] offsets, int count) {
                System.arraycopy(offsets, 0, at, 0, count);
            }

            @Override
            public MemorySegment segment(int slot) {
                return data;
            }

            @Override
            public long offset(int slot) {
                return at[slot];
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String kind() {
        return "mapped";
    }

    @Override
    public void close() {
        // The mapping belongs to the index.
    }
}
