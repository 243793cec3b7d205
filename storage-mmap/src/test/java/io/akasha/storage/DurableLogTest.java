package io.akasha.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableLogTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private List<String> reopenAndReplay(long fromGeneration) throws IOException {
        List<String> records = new ArrayList<>();
        try (DurableLog log = DurableLog.open(dir, Durability.perBatch())) {
            log.replay(fromGeneration, buffer -> records.add(text(buffer)));
        }
        return records;
    }

    @Test
    void recordsOfEveryGenerationComeBackInOrderAndOlderFilesAreDeletedOnRequest() throws IOException {
        long second;
        try (DurableLog log = DurableLog.open(dir, Durability.perBatch())) {
            log.replay(1, buffer -> { });
            log.awaitDurable(log.append(bytes("a")));
            second = log.rotate();
            log.awaitDurable(log.append(bytes("b")));
            assertEquals(2, second);
            assertTrue(Files.exists(dir.resolve(DurableLog.fileName(1))));
        }
        assertEquals(List.of("a", "b"), reopenAndReplay(1));
        assertEquals(List.of("b"), reopenAndReplay(second), "replaying from a later generation skips the older one");
        assertFalse(Files.exists(dir.resolve(DurableLog.fileName(1))), "and deletes it: its records are saved elsewhere");
    }

    @Test
    void deleteBeforeTruncatesTheLogButNeverTheFileInUse() throws IOException {
        try (DurableLog log = DurableLog.open(dir, Durability.perBatch())) {
            log.replay(1, buffer -> { });
            log.append(bytes("old"));
            long next = log.rotate();
            log.append(bytes("new"));
            log.deleteBefore(next + 5);
            assertEquals(List.of(DurableLog.fileName(next)), Files.list(dir).map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(List.of("new"), reopenAndReplay(2));
    }

    @Test
    void aMissingFileInTheSequenceIsCorruption() throws IOException {
        try (DurableLog log = DurableLog.open(dir, Durability.perBatch())) {
            log.replay(1, buffer -> { });
            log.append(bytes("1"));
            log.rotate();
            log.append(bytes("2"));
            log.rotate();
            log.append(bytes("3"));
        }
        Files.delete(dir.resolve(DurableLog.fileName(2)));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> reopenAndReplay(1));
        assertEquals(dir.resolve(DurableLog.fileName(2)) + " is missing: the log runs from " + DurableLog.fileName(1)
                + " and the next file present is " + DurableLog.fileName(3), e.getMessage());
    }

    @Test
    void oneFsyncCoversEveryRecordWrittenBeforeIt() throws IOException {
        try (DurableLog log = DurableLog.open(dir, Durability.perBatch())) {
            log.replay(1, buffer -> { });
            long first = log.append(bytes("one"));
            long second = log.append(bytes("two"));
            log.awaitDurable(second);
            assertEquals(1, log.fsyncs());
            log.awaitDurable(first);
            assertEquals(1, log.fsyncs(), "the first writer finds its record already forced");
            log.awaitDurable(log.append(bytes("three")));
            assertEquals(2, log.fsyncs());
        }
    }

    @Test
    void concurrentWritersShareFsyncsAndAllBecomeDurable() throws Exception {
        int threads = 4;
        int perThread = 200;
        try (DurableLog log = DurableLog.open(dir, Durability.perBatch())) {
            log.replay(1, buffer -> { });
            Object appendLock = new Object();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try {
                            long ticket;
                            synchronized (appendLock) {
                                ticket = log.append(bytes(id + ":" + i));
                            }
                            log.awaitDurable(ticket);
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }
                }));
            }
            for (Thread writer : writers) {
                writer.join();
            }
            assertTrue(log.fsyncs() <= threads * perThread, "never more than one fsync per write: " + log.fsyncs());
            System.out.println("group commit: " + threads * perThread + " writes, " + log.fsyncs() + " fsyncs");
        }
        assertEquals(threads * perThread, reopenAndReplay(1).size());
    }

    @Test
    void theIntervalPolicyAcknowledgesBeforeTheFsyncAndForcesInTheBackground() throws Exception {
        try (DurableLog log = DurableLog.open(dir, Durability.every(Duration.ofMillis(20)))) {
            log.replay(1, buffer -> { });
            log.awaitDurable(log.append(bytes("x")));
            assertEquals(0, log.fsyncs(), "acknowledged without waiting for an fsync");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (log.fsyncs() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(log.fsyncs() > 0, "the background flusher forced the log");
        }
        assertEquals(List.of("x"), reopenAndReplay(1));
    }
}
