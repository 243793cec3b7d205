package io.akasha.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class HugePageBlocksTest {

    private static final Path THP_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    @Test
    void aLargeBlockIsZeroedWritableAlignedAndAdvisedForHugePages() throws IOException {
        long bytes = 5 * HugePageBlocks.HUGE_PAGE + 12_345;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment block = HugePageBlocks.allocate(arena, bytes, 64);
            assertEquals(bytes, block.byteSize());
            for (long at = 0; at < bytes; at += 4096) {
                assertEquals(0, block.get(ValueLayout.JAVA_BYTE, at), "zeroed at " + at);
            }
            block.set(ValueLayout.JAVA_LONG_UNALIGNED, bytes - 8, 42L);
            assertEquals(42L, block.get(ValueLayout.JAVA_LONG_UNALIGNED, bytes - 8));
            if (HugePageBlocks.supported()) {
                assertEquals(0, block.address() % HugePageBlocks.HUGE_PAGE, "2 MB aligned");
                if (Files.isReadable(THP_MODE) && !Files.readString(THP_MODE).contains("[never]")) {
                    assertEquals("1", smapsField(block.address(), "THPeligible:"),
                            "the kernel sees the block as eligible for huge pages (mode " + Files.readString(THP_MODE).trim()
                                    + ")");
                }
            }
        }
    }

    @Test
    void aSmallBlockComesFromTheArenaWithTheAlignmentAsked() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = HugePageBlocks.allocate(arena, 1000, 64);
            assertEquals(1000, block.byteSize());
            assertEquals(0, block.address() % 64);
            assertEquals(0, block.get(ValueLayout.JAVA_BYTE, 999));
        }
    }

    /** A field of the /proc/self/smaps entry of the mapping holding {@code address}. */
    private static String smapsField(long address, String field) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        boolean inside = false;
        for (String line : lines) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                inside = Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16);
            } else if (inside && line.startsWith(field)) {
                return line.substring(field.length()).trim();
            }
        }
        throw new AssertionError("no " + field + " for address " + Long.toHexString(address) + " in /proc/self/smaps");
    }
}
