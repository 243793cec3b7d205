package io.akasha.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SectionedFileTest {

    private static final String MAGIC = "AKTESTSF";

    @TempDir
    Path dir;

    /** Two sections: 300,000 longs (several blocks), then 3 doubles. */
    private Path write() throws IOException {
        Path path = dir.resolve("file.bin");
        SectionedFileWriter writer = SectionedFileWriter.create(path, MAGIC, 1);
        writer.beginSection(7, 1);
        for (long i = 0; i < 300_000; i++) {
            writer.i64(i * 3);
        }
        writer.endSection().beginSection(7, 2).f64(1.5).f64(-2).f64(Math.PI).endSection();
        writer.beginSection(8, 1).i32(5).bytes(MemorySegment.ofArray(new byte[] {9, 8, 7})).endSection().finish();
        return path;
    }

    @Test
    void sectionsComeBackAlignedAndIntact() throws IOException {
        try (SectionedFile file = SectionedFile.open(write(), "test file", MAGIC, 1, 1)) {
            MemorySegment longs = file.checkedSection(7, 1);
            assertEquals(300_000 * 8L, longs.byteSize());
            assertEquals(299_999 * 3L, longs.getAtIndex(FileHeader.LONG_LE, 299_999));
            MemorySegment doubles = file.section(7, 2);
            assertEquals(0, (doubles.address() - file.mappedFile().segment().address()) % SectionedFileFormat.ALIGNMENT);
            assertEquals(Math.PI, doubles.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED
                    .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 2));
            assertEquals(file.path() + ": section 7/3 is missing",
                    assertThrows(CorruptFileException.class, () -> file.section(7, 3)).getMessage());
            MemorySegment mixed = file.section(8, 1);
            assertEquals(7, mixed.byteSize());
            assertEquals(9, mixed.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 4), "bulk bytes land right after the int");
            assertEquals(7, mixed.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 6));
            file.verify();
        }
    }

    @Test
    void aDamagedByteIsFoundByVerifyAndByTheFirstCheckedReadWithItsOffset() throws IOException {
        Path path = write();
        byte[] bytes = Files.readAllBytes(path);
        int damaged = 200_000;
        bytes[damaged] ^= 0x10;
        Files.write(path, bytes);
        long block = damaged / SectionedFileFormat.BLOCK_SIZE * (long) SectionedFileFormat.BLOCK_SIZE;
        try (SectionedFile file = SectionedFile.open(path, "test file", MAGIC, 1, 1)) {
            String expected = path + ": the block of 65536 bytes at offset " + block
                    + " fails its checksum (the data there is damaged)";
            assertEquals(expected, assertThrows(CorruptFileException.class, file::verify).getMessage());
            assertEquals(expected, assertThrows(CorruptFileException.class, () -> file.checkedSection(7, 1)).getMessage());
            file.checkedSection(7, 2); // the other section's blocks are intact
        }
    }

    @Test
    void aFileCutShortIsRefusedAtOpen() throws IOException {
        Path path = write();
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        CorruptFileException e = assertThrows(CorruptFileException.class,
                () -> SectionedFile.open(path, "test file", MAGIC, 1, 1));
        assertTrue(e.getMessage().contains("the trailer at offset"), e.getMessage());
    }
}
