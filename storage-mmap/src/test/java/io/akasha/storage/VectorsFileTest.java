package io.akasha.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorsFileTest {

    private static final ValueLayout.OfFloat FLOAT_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path dir;

    @Test
    void writtenVectorsReopenMappedWithTheDocumentedLayout() throws IOException {
        Path path = dir.resolve("v.akv");
        int dim = 5;
        int count = 3;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment source = arena.allocate((long) dim * count * Float.BYTES);
            for (int i = 0; i < dim * count; i++) {
                source.setAtIndex(FLOAT_LE, i, i * 1.5f);
            }
            VectorsFile.write(path, dim, count, source);
        }
        assertFalse(Files.exists(dir.resolve("v.akv.tmp")), "the temporary file is renamed into place");
        byte[] raw = Files.readAllBytes(path);
        assertEquals(VectorsFormat.fileSize(dim, count), raw.length);
        assertEquals("AKVECTRS", new String(raw, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        MemorySegment bytes = MemorySegment.ofArray(raw);
        assertEquals(1, bytes.get(FileHeader.INT_LE, 8), "version");
        assertEquals(dim, bytes.get(FileHeader.INT_LE, 16));
        assertEquals(count, bytes.get(FileHeader.LONG_LE, 24));
        assertEquals(7 * 1.5f, bytes.get(FLOAT_LE, 64 + 7 * 4), "row 1, column 2 at 64 + (1*5+2)*4");

        try (VectorsFile file = VectorsFile.open(path)) {
            assertEquals(dim, file.dim());
            assertEquals(count, file.count());
            assertEquals(14 * 1.5f, file.vectors().getAtIndex(FLOAT_LE, 14));
        }
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> VectorsFile.write(path, 1, 0, MemorySegment.NULL));
    }

    @Test
    void wrongMagicNewerVersionAndTruncationAreRefusedWithFileAndOffset() throws IOException {
        Path good = dir.resolve("good.akv");
        VectorsFile.write(good, 2, 4, MemorySegment.ofArray(new float[8]));

        Path wrongMagic = copyWith(good, "magic.akv", 0, new byte[] {'N', 'O', 'P', 0});
        assertEquals(wrongMagic + ": not an Akasha vectors file: magic at byte 0 is 'NOP\\x00CTRS', expected "
                + "'AKVECTRS'", message(wrongMagic));

        Path newer = copyWith(good, "newer.akv", 8, new byte[] {2, 0, 0, 0});
        assertEquals(newer + ": vectors file format version 2 is not supported by this build, which reads versions 1",
                message(newer));

        Path truncated = dir.resolve("truncated.akv");
        Files.copy(good, truncated);
        try (FileChannel channel = FileChannel.open(truncated, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(good) - 4);
        }
        assertEquals(truncated + ": header at byte 24 says 4 vectors of dimension 2 (96 bytes), the file has 92 bytes",
                message(truncated));

        Path tiny = Files.write(dir.resolve("tiny.akv"), new byte[] {'A', 'K'});
        assertEquals(tiny + ": 2 bytes is too short for an Akasha vectors file (the header alone is 16 bytes)",
                message(tiny));
    }

    private String message(Path path) {
        return assertThrows(CorruptFileException.class, () -> VectorsFile.open(path)).getMessage();
    }

    private Path copyWith(Path source, String name, int offset, byte[] patch) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        System.arraycopy(patch, 0, bytes, offset, patch.length);
        return Files.write(dir.resolve(name), bytes);
    }
}
