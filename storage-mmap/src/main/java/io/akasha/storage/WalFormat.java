package io.akasha.storage;

/**
 * The write-ahead log file.
 *
 * <pre>
 * offset size  field
 *      0   16  {@link FileHeader}: magic "AKWALLOG", version
 *     16    …  records, back to back, each:
 *               0  4  payload length n, uint32 little-endian, 1..{@link #MAX_PAYLOAD}
 *               4  4  CRC32C of the payload, uint32 little-endian
 *               8  n  payload
 * </pre>
 *
 * A record is complete only if its length, checksum and all its bytes are there and agree; the
 * log ends at the first record that is not (a write torn by a crash), and opening truncates it
 * there.
 */
public final class WalFormat {

    public static final String MAGIC = "AKWALLOG";
    public static final int VERSION = 1;
    public static final int MIN_READABLE_VERSION = 1;
    public static final int RECORD_HEADER = 8;
    /** Larger payloads are refused: a length beyond this in a file means a torn or corrupt record. */
    public static final int MAX_PAYLOAD = 256 << 20;

    private WalFormat() {
    }
}
