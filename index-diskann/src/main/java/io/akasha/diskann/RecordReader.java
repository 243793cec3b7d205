package io.akasha.diskann;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Where a search gets node records from: the mapped file ({@link MappedRecordReader}, through the
 * page cache) or the device itself ({@link DirectRecordReader}, {@code O_DIRECT}). Each searching
 * thread reads through its own {@link Reads}, which owns the buffers of one hop's records.
 */
interface RecordReader extends AutoCloseable {

    /** A reader for one thread, for up to {@code slots} records per {@link Reads#read} call. */
    Reads reads(int slots);

    /** What reads go through, for reports. */
    String kind();

    @Override
    void close();

    /** One thread's reads; reused from hop to hop. */
    interface Reads extends AutoCloseable {

        /**
         * Makes the records at file offsets {@code offsets[0..count)} available as slots
         * {@code 0..count-1} (the whole sectors they lie in are read together).
         */
        void read(long[] offsets, int count) throws IOException;

        /** The memory slot {@code slot}'s record lies in, from {@link #offset}. */
        MemorySegment segment(int slot);

        /** Where in {@link #segment} the record of {@code slot} starts. */
        long offset(int slot);

        @Override
        void close();
    }
}
