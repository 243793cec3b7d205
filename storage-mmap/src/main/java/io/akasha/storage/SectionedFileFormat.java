package io.akasha.storage;

/**
 * An immutable file of sections with block checksums: the container of sealed segment files.
 * Little-endian.
 *
 * <pre>
 * offset            size  field
 *      0              16  {@link FileHeader}: the file kind's magic and version
 *     16               …  sections, each starting at a multiple of {@value #ALIGNMENT} bytes
 *     sectionTable  24*n  per section: id u32, kind u32, offset u64, length u64
 *     checksumTable  4*b  CRC32C of each {@value #BLOCK_SIZE}-byte block of [0, checksumTable)
 *                         (the last block may be shorter)
 *     end - 48        48  trailer:  0 sectionTable u64   8 sections u32   12 blockSize u32
 *                                  16 checksumTable u64 24 blocks u32     28 CRC32C of the checksum table u32
 *                                  32 reserved u64 (0)  40 reserved u32 (0) 44 CRC32C of trailer bytes 0..43 u32
 * </pre>
 *
 * Opening reads the header, the trailer, the checksum table and the section table (checking the
 * blocks that hold it), never the sections; {@link SectionedFile#verify()} checks every block,
 * and a section can be checked the first time it is used.
 */
public final class SectionedFileFormat {

    public static final int ALIGNMENT = 64;
    public static final int BLOCK_SIZE = 64 << 10;
    public static final int SECTION_ENTRY = 24;
    public static final int TRAILER = 48;

    private SectionedFileFormat() {
    }
}
