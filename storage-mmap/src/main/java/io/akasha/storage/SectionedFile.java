package io.akasha.storage;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * A mapped {@link SectionedFileFormat} file. Opening checks the header, trailer, checksum table
 * and section table and reads nothing else; {@link #section} slices a section out of the mapping;
 * {@link #checkedSection} also verifies the blocks under it the first time it is asked for, and
 * {@link #verify()} checks every block. A mismatch is a {@link CorruptFileException} naming the
 * file and the block's offset.
 */
public final class SectionedFile implements AutoCloseable {

    private final MappedFile file;
    private final MemorySegment bytes;
    private final int blockSize;
    private final long checksummed;
    private final MemorySegment checksums;
    private final Map<Long, MemorySegment> sections = new HashMap<>();
    private final Map<Long, Boolean> checkedSections = new ConcurrentHashMap<>();

    private SectionedFile(MappedFile file, int blockSize, long checksummed, MemorySegment checksums) {
        this.file = file;
        this.bytes = file.segment();
        this.blockSize = blockSize;
        this.checksummed = checksummed;
        this.checksums = checksums;
    }

    /**
     * Maps {@code path} read-only and checks its structure.
     *
     * @param kind a human name for messages, e.g. "segment file"
     */
    public static SectionedFile open(Path path, String kind, String magic, int minVersion, int maxVersion)
            throws IOException {
        MappedFile file = MappedFile.openReadOnly(path);
        try {
            MemorySegment bytes = file.segment();
            FileHeader.check(bytes, path, kind, magic, minVersion, maxVersion);
            long size = bytes.byteSize();
            if (size < FileHeader.SIZE + SectionedFileFormat.TRAILER) {
                throw new CorruptFileException(path + ": " + size + " bytes is too short for an Akasha " + kind
                        + " (no room for its trailer)");
            }
            long t = size - SectionedFileFormat.TRAILER;
            if (crc(bytes, t, SectionedFileFormat.TRAILER - 4) != bytes.get(FileHeader.INT_LE, t + 44)) {
                throw new CorruptFileException(path + ": the trailer at offset " + t + " fails its checksum "
                        + "(the file was cut short or damaged)");
            }
            long sectionTable = bytes.get(FileHeader.LONG_LE, t);
            int sectionCount = bytes.get(FileHeader.INT_LE, t + 8);
            int blockSize = bytes.get(FileHeader.INT_LE, t + 12);
            long checksumTable = bytes.get(FileHeader.LONG_LE, t + 16);
            int blocks = bytes.get(FileHeader.INT_LE, t + 24);
            if (blockSize <= 0 || checksumTable != t - 4L * blocks || blocks != (int) ((checksumTable + blockSize - 1) / blockSize)
                    || sectionTable < FileHeader.SIZE
                    || sectionTable + (long) sectionCount * SectionedFileFormat.SECTION_ENTRY != checksumTable) {
                throw new CorruptFileException(path + ": the trailer at offset " + t + " describes an impossible layout");
            }
            MemorySegment checksums = bytes.asSlice(checksumTable, 4L * blocks);
            if (crc(bytes, checksumTable, 4L * blocks) != bytes.get(FileHeader.INT_LE, t + 28)) {
                throw new CorruptFileException(path + ": the checksum table at offset " + checksumTable
                        + " fails its checksum");
            }
            SectionedFile opened = new SectionedFile(file, blockSize, checksumTable, checksums);
            opened.checkBlocks(sectionTable, checksumTable - sectionTable);
            for (int i = 0; i < sectionCount; i++) {
                long e = sectionTable + (long) i * SectionedFileFormat.SECTION_ENTRY;
                int id = bytes.get(FileHeader.INT_LE, e);
                int sectionKind = bytes.get(FileHeader.INT_LE, e + 4);
                long offset = bytes.get(FileHeader.LONG_LE, e + 8);
                long length = bytes.get(FileHeader.LONG_LE, e + 16);
                if (offset < FileHeader.SIZE || length < 0 || offset + length > sectionTable) {
                    throw new CorruptFileException(path + ": section " + id + "/" + sectionKind + " in the table at offset "
                            + e + " lies outside the data");
                }
                opened.sections.put(key(id, sectionKind), bytes.asSlice(offset, length));
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static long key(int id, int kind) {
        return ((long) id << 32) | (kind & 0xffffffffL);
    }

    public Path path() {
        return file.path();
    }

    public MappedFile mappedFile() {
        return file;
    }

    /** Whether the file has section {@code id}/{@code kind} (for optional sections). */
    public boolean hasSection(int id, int kind) {
        return sections.containsKey(key(id, kind));
    }

    /** Section {@code id}/{@code kind}, unchecked. @throws CorruptFileException if absent */
    public MemorySegment section(int id, int kind) throws CorruptFileException {
        MemorySegment section = sections.get(key(id, kind));
        if (section == null) {
            throw new CorruptFileException(path() + ": section " + id + "/" + kind + " is missing");
        }
        return section;
    }

    /** Like {@link #section}, after checking its blocks once (later calls do not check again). */
    public MemorySegment checkedSection(int id, int kind) throws CorruptFileException {
        MemorySegment section = section(id, kind);
        if (checkedSections.get(key(id, kind)) == null) {
            checkBlocks(section.address() - bytes.address(), section.byteSize());
            checkedSections.put(key(id, kind), Boolean.TRUE);
        }
        return section;
    }

    /** Checks every block of the file. */
    public void verify() throws CorruptFileException {
        checkBlocks(0, checksummed);
    }

    private void checkBlocks(long offset, long length) throws CorruptFileException {
        if (length == 0) {
            return;
        }
        for (long block = offset / blockSize; block * blockSize < offset + length; block++) {
            long start = block * blockSize;
            long n = Math.min(blockSize, checksummed - start);
            int expected = checksums.getAtIndex(FileHeader.INT_LE, block);
            if (crc(bytes, start, n) != expected) {
                throw new CorruptFileException(path() + ": the block of " + n + " bytes at offset " + start
                        + " fails its checksum (the data there is damaged)");
            }
        }
    }

    private static int crc(MemorySegment bytes, long offset, long length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.asSlice(offset, length).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
        return (int) crc.getValue();
    }

    @Override
    public void close() {
        file.close();
    }
}
