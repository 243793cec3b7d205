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
 * Direct reads of a real file on the build's file system, one at a time and in asynchronous
 * batches: the bytes at aligned positions, one sector or several at once; misaligned requests,
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

    @Test
    void aBatchOfAsynchronousReadsFillsEachBufferFromItsPosition() throws IOException {
        assertNull(AsyncReads.unavailableReason(), "this build runs on Linux x86-64 or aarch64");
        byte[] bytes = new byte[16 * DirectFile.ALIGNMENT];
        new Random(2).nextBytes(bytes);
        int[] sectors = {9, 0, 15, 4, 4, 11};
        try (DirectFile file = DirectFile.open(fileOf(bytes)); AsyncReads reads = new AsyncReads(file, 8);
             Arena arena = Arena.ofConfined()) {
            for (int round = 0; round < 3; round++) { // the context is reused from batch to batch
                MemorySegment[] buffers = new MemorySegment[sectors.length];
                long[] positions = new long[sectors.length];
                for (int i = 0; i < sectors.length; i++) {
                    int length = (i == 1 ? 2 : 1) * DirectFile.ALIGNMENT; // one request covers two sectors
                    buffers[i] = arena.allocate(length, DirectFile.ALIGNMENT);
                    positions[i] = (long) sectors[i] * DirectFile.ALIGNMENT;
                }
                reads.read(buffers, positions, sectors.length);
                for (int i = 0; i < sectors.length; i++) {
                    int from = sectors[i] * DirectFile.ALIGNMENT;
                    assertArrayEquals(Arrays.copyOfRange(bytes, from, from + (int) buffers[i].byteSize()),
                            buffers[i].toArray(ValueLayout.JAVA_BYTE), "round " + round + ", request " + i);
                }
            }
            MemorySegment[] past = {arena.allocate(2L * DirectFile.ALIGNMENT, DirectFile.ALIGNMENT)};
            IOException end = assertThrows(IOException.class, () -> reads.read(past, new long[] {15L * DirectFile.ALIGNMENT}, 1));
            assertTrue(end.getMessage().contains("the file ends first"), end.getMessage());
            IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                    () -> reads.read(new MemorySegment[9], new long[9], 9));
            assertTrue(many.getMessage().contains("a batch of 9 reads exceeds this context's 8"), many.getMessage());
        }
    }
}
