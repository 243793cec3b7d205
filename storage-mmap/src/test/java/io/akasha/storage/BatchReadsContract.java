package io.akasha.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * What every {@link BatchReads} must do, on a real file with {@code O_DIRECT}: fill each buffer
 * from its position (requests of one and two sectors, repeated and out of order, the same
 * instance reused for several batches), refuse a read past the end naming it, and refuse a
 * batch larger than it was opened for. Subclasses name the implementation ({@link AsyncReadsTest};
 * the native module's io_uring test).
 */
public abstract class BatchReadsContract {

    @TempDir
    Path dir;

    /** The implementation under test, for batches of up to {@code capacity} reads of {@code file}. */
    protected abstract BatchReads open(DirectFile file, int capacity) throws IOException;

    @Test
    void aBatchOfReadsFillsEachBufferFromItsPosition() throws IOException {
        byte[] bytes = new byte[16 * DirectFile.ALIGNMENT];
        new Random(2).nextBytes(bytes);
        Path path = dir.resolve("sectors.bin");
        Files.write(path, bytes);
        int[] sectors = {9, 0, 15, 4, 4, 11};
        try (DirectFile file = DirectFile.open(path); BatchReads reads = open(file, 8);
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
            assertTrue(many.getMessage().contains("a batch of 9 reads"), many.getMessage());
            MemorySegment[] misaligned = {arena.allocate(2L * DirectFile.ALIGNMENT, DirectFile.ALIGNMENT)
                    .asSlice(512, DirectFile.ALIGNMENT)};
            assertThrows(IllegalArgumentException.class, () -> reads.read(misaligned, new long[] {0}, 1),
                    "a misaligned buffer is refused before the kernel sees it");
        }
    }
}
