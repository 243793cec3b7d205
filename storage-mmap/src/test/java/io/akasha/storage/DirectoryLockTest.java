package io.akasha.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondOpenIsRefusedUntilTheFirstIsClosed() throws IOException {
        Path data = dir.resolve("data");
        try (DirectoryLock first = DirectoryLock.acquire(data)) {
            IOException e = assertThrows(IOException.class, () -> DirectoryLock.acquire(data));
            assertEquals("data directory " + data + " is already open in this process", e.getMessage());
        }
        DirectoryLock.acquire(data).close();
    }
}
