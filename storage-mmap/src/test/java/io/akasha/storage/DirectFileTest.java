package io.akasha.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct reads of a real file on the build's file system, one at a time (batches:
 * {@link BatchReadsContract}): the bytes at aligned positions, one sector or several at once; misaligned requests,
 * reads past the end and missing files are refused with messages that say what was wrong.
 */
class DirectFileTest {

    @TempDir
    Path dir;

    private Path fileOf(byte[] bytes) throws IOException {
        Path file = dir.resolve("sectors.bin");
        Files.write(file, bytes);
        return file;
    }

    @Test
    void readsTheBytesAtAlignedPositions() throws IOException {
        assertNull(DirectFile.unavailableReason(), "this build runs on Linux x86-64 or aarch64");
        byte[] bytes = new byte[8 * DirectFile.ALIGNMENT];
        new Random(1).nextBytes(bytes);
        try (DirectFile file = DirectFile.open(fileOf(bytes)); Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(DirectFile.ALIGNMENT, DirectFile.ALIGNMENT);
            file.read(one, 3L * DirectFile.ALIGNMENT);
            assertArrayEquals(Arrays.copyOfRange(bytes, 3 * DirectFile.ALIGNMENT, 4 * DirectFile.ALIGNMENT),
                    one.toArray(ValueLayout.JAVA_BYTE));
            MemorySegment three = arena.allocate(3L * DirectFile.ALIGNMENT, DirectFile.ALIGNMENT);
            file.read(three, 5L * DirectFile.ALIGNMENT);
            assertArrayEquals(Arrays.copyOfRange(bytes, 5 * DirectFile.ALIGNMENT, 8 * DirectFile.ALIGNMENT),
                    three.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void badRequestsAreRefusedByName() throws IOException {
        try (DirectFile file = DirectFile.open(fileOf(new byte[2 * DirectFile.ALIGNMENT]));
             Arena arena = Arena.ofConfined()) {
            MemorySegment aligned = arena.allocate(2L * DirectFile.ALIGNMENT, DirectFile.ALIGNMENT);
            IllegalArgumentException position = assertThrows(IllegalArgumentException.class,
                    () -> file.read(aligned.asSlice(0, DirectFile.ALIGNMENT), 100));
            assertTrue(position.getMessage().contains("position 100"), position.getMessage());
            IllegalArgumentException address = assertThrows(IllegalArgumentException.class,
                    () -> file.read(aligned.asSlice(8, DirectFile.ALIGNMENT), 0));
            assertTrue(address.getMessage().contains("aligned"), address.getMessage());
            IOException end = assertThrows(IOException.class,
                    () -> file.read(aligned, DirectFile.ALIGNMENT));
            assertTrue(end.getMessage().contains("ends before byte " + 3 * DirectFile.ALIGNMENT), end.getMessage());
        }
        IOException missing = assertThrows(IOException.class, () -> DirectFile.open(dir.resolve("missing.bin")));
        assertTrue(missing.getMessage().contains("missing.bin") && missing.getMessage().contains("No such file"),
                missing.getMessage());
    }
}
