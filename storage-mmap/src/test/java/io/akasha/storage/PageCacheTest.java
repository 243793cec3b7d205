package io.akasha.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageCacheTest {

    @TempDir
    Path dir;

    @Test
    void evictingAFileKeepsItsContentAndAMissingFileIsRefused() throws IOException {
        assertTrue(PageCache.available(), "posix_fadvise is in every Linux C library");
        Path file = dir.resolve("f.bin");
        byte[] bytes = new byte[1 << 16];
        new java.util.Random(1).nextBytes(bytes);
        Files.write(file, bytes);
        assertTrue(PageCache.evict(file));
        assertArrayEquals(bytes, Files.readAllBytes(file));
        assertFalse(PageCache.evict(dir.resolve("missing")));
    }
}
