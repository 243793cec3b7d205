package io.akasha.diskann;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * How a DiskANN index lies on disk, little-endian throughout, in 4 KiB sectors so that a node's
 * record is found by arithmetic and read with whole-sector reads:
 * <pre>
 * sector 0      header: magic "AKDISKAN", version int32, nodes int32, dimension int32, R int32,
 *               medoid int32, metric int32 (0 L2, 1 IP, 2 COSINE), record bytes int32, records
 *               per sector int32 (0 when a record spans sectors), sectors per record int32,
 *               quantizer offset int64, codes offset int64, then zeros
 * sector 1..    records [full vector float32 x dimension | degree int32 | R neighbour int32,
 *               unused slots -1], packed whole into sectors (never split across two), or,
 *               when a record is larger than a sector, each on its own run of sectors
 * quantizer     at a sector boundary: the product quantizer (ProductQuantizer#writeTo)
 * codes         nodes x M bytes, the PQ code of every vector
 * </pre>
 * The records are what searches read from the device; the quantizer and the codes are loaded
 * into memory when the index opens.
 */
public final class DiskIndexFormat {

    public static final String MAGIC = "AKDISKAN";
    public static final int VERSION = 1;
    public static final int SECTOR = 4096;
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    // Header field offsets.
    static final int VERSION_AT = 8;
    static final int NODES_AT = 12;
    static final int DIM_AT = 16;
    static final int DEGREE_AT = 20;
    static final int MEDOID_AT = 24;
    static final int METRIC_AT = 28;
    static final int RECORD_BYTES_AT = 32;
    static final int RECORDS_PER_SECTOR_AT = 36;
    static final int SECTORS_PER_RECORD_AT = 40;
    static final int QUANTIZER_AT = 44;
    static final int CODES_AT = 52;

    private DiskIndexFormat() {
    }

    /** Bytes of one node's record. */
    static int recordBytes(int dim, int maxDegree) {
        return Float.BYTES * dim + Integer.BYTES * (1 + maxDegree);
    }

    /** Records in one sector, or 0 when a record needs more than one sector. */
    static int recordsPerSector(int recordBytes) {
        return SECTOR / recordBytes;
    }

    /** Sectors per record when a record needs more than one, else 1. */
    static int sectorsPerRecord(int recordBytes) {
        return (recordBytes + SECTOR - 1) / SECTOR;
    }

    /** Where node {@code node}'s record starts in the file. */
    static long recordOffset(int node, int recordBytes, int recordsPerSector, int sectorsPerRecord) {
        if (recordsPerSector > 0) {
            return SECTOR + (long) (node / recordsPerSector) * SECTOR + (long) (node % recordsPerSector) * recordBytes;
        }
        return SECTOR + (long) node * sectorsPerRecord * SECTOR;
    }

    /** The first byte after the records of {@code nodes} nodes, rounded up to a sector. */
    static long recordsEnd(int nodes, int recordBytes, int recordsPerSector, int sectorsPerRecord) {
        long sectors = recordsPerSector > 0 ? (nodes + recordsPerSector - 1L) / recordsPerSector
                : (long) nodes * sectorsPerRecord;
        return SECTOR + sectors * SECTOR;
    }
}
