package io.akasha.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFileTest {

    @TempDir
    Path dir;

    @Test
    void bytesWrittenThroughAMappingAreOnDiskAfterForceAndClose() throws IOException {
        Path path = dir.resolve("data.bin");
        try (MappedFile file = MappedFile.create(path, 10_000)) {
            assertTrue(file.writable());
            file.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 9_992, 0x0102030405060708L);
            file.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 42);
            file.force();
        }
        byte[] onDisk = Files.readAllBytes(path);
        assertEquals(10_000, onDisk.length);
        assertEquals(42, onDisk[0]);
        assertEquals(0, onDisk[5000], "untouched bytes of a new file read as zero");
        try (MappedFile file = MappedFile.openReadOnly(path)) {
            assertEquals(0x0102030405060708L, file.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, 9_992));
            assertFalse(file.writable());
            assertThrows(IllegalArgumentException.class,
                    () -> file.segment().set(ValueLayout.JAVA_BYTE, 1, (byte) 1), "a read-only mapping refuses writes");
        }
    }

    @Test
    void closeUnmapsAtOnceAndLaterAccessFailsCleanly() throws IOException {
        Path path = dir.resolve("closed.bin");
        MappedFile file = MappedFile.create(path, 4096);
        var segment = file.segment();
        file.close();
        assertFalse(segment.scope().isAlive(), "unmapped at close, not at a later GC");
        assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_BYTE, 0));
        file.close(); // idempotent
        Files.delete(path); // nothing holds the file any more
    }

    @Test
    void adviceReachesTheKernelOnLinux() throws IOException {
        try (MappedFile file = MappedFile.create(dir.resolve("advice.bin"), 1 << 20)) {
            boolean linux = System.getProperty("os.name").startsWith("Linux");
            for (Advice advice : Advice.values()) {
                assertEquals(linux, file.advise(advice), advice + " on the whole file");
            }
            assertEquals(linux, file.advise(Advice.RANDOM, 5000, 10_000), "an unaligned range is widened to pages");
            assertFalse(file.advise(Advice.RANDOM, 2 << 20, 10), "a range past the end is skipped");
        }
    }

    @Test
    void createNeverOverwritesAndOpenNamesAMissingFile() throws IOException {
        Path path = Files.write(dir.resolve("exists.bin"), new byte[] {1, 2, 3});
        assertThrows(FileAlreadyExistsException.class, () -> MappedFile.create(path, 10));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(path));
        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                () -> MappedFile.openReadOnly(dir.resolve("missing.bin")));
        assertEquals(dir.resolve("missing.bin").toString(), missing.getFile());
    }
}
