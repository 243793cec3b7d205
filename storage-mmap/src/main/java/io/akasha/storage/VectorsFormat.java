package io.akasha.storage;

/**
 * Layout of a vectors file: a fixed-dimension set of float32 vectors, mapped and scanned in place.
 *
 * <pre>
 * offset size            field
 *      0   16            {@link FileHeader}: magic "AKVECTRS", version
 *     16    4            dimension, uint32 (1 .. 65536)
 *     20    4            reserved, zero
 *     24    8            vector count, uint64
 *     32   32            reserved, zero
 *     64   count*dim*4   vectors, row-major, float32 little-endian; row i at 64 + i*dim*4
 * </pre>
 *
 * The body starts at byte 64 so that it is cache-line aligned in the mapping.
 */
public final class VectorsFormat {

    public static final String MAGIC = "AKVECTRS";
    public static final int VERSION = 1;
    /** The oldest version this build still reads. */
    public static final int MIN_READABLE_VERSION = 1;
    public static final int DIMENSION_OFFSET = 16;
    public static final int COUNT_OFFSET = 24;
    public static final int DATA_OFFSET = 64;
    public static final int MAX_DIMENSION = 1 << 16;

    private VectorsFormat() {
    }

    /** Total file size for {@code count} vectors of {@code dim} floats. */
    public static long fileSize(int dim, long count) {
        return DATA_OFFSET + (long) dim * count * Float.BYTES;
    }
}
