package io.akasha.diskann;

import java.lang.foreign.MemorySegment;

/**
 * Where things are in the node records of one index ({@link DiskIndexFormat}): a record's place
 * in the file, and its fields wherever the record was read to.
 *
 * @param recordsPerSector records per sector, 0 when a record spans sectors
 * @param sectorsPerRecord sectors one read of a record covers (1 when records pack into sectors)
 */
record RecordLayout(int dim, int maxDegree, int recordBytes, int recordsPerSector, int sectorsPerRecord) {

    static RecordLayout of(int dim, int maxDegree) {
        int bytes = DiskIndexFormat.recordBytes(dim, maxDegree);
        return new RecordLayout(dim, maxDegree, bytes, DiskIndexFormat.recordsPerSector(bytes),
                DiskIndexFormat.sectorsPerRecord(bytes));
    }

    /** Where node {@code node}'s record starts in the file. */
    long offset(int node) {
        return DiskIndexFormat.recordOffset(node, recordBytes, recordsPerSector, sectorsPerRecord);
    }

    /** The first byte after the records of {@code nodes} nodes, a sector boundary. */
    long end(int nodes) {
        return DiskIndexFormat.recordsEnd(nodes, recordBytes, recordsPerSector, sectorsPerRecord);
    }

    /** The link count of the record at {@code at} in {@code memory}, never more than R. */
    int degree(MemorySegment memory, long at) {
        return Math.min(memory.get(DiskIndexFormat.INT, at + 4L * dim), maxDegree);
    }

    /** Link {@code i} of the record at {@code at}. */
    int neighbor(MemorySegment memory, long at, int i) {
        return memory.get(DiskIndexFormat.INT, at + 4L * (dim + 1 + i));
    }
}
